package io.github.eventbus.benchmarks.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A horizontal bar per comparison: ours ÷ the alternative on a log scale, 1× marked, the target as a diamond;
 * green when the target (or parity, without one) is met, red otherwise.
 */
final class RatioChart {

	static final int WIDTH = 1100;

	static final Color MET = new Color(0x2e, 0x9e, 0x5b);

	static final Color NOT_MET = new Color(0xd0, 0x45, 0x3a);

	private static final int ROW = 30;

	private static final int LABELS = 430;

	private static final int TOP = 64;

	private static final double MIN = 0.01;

	private static final double MAX = 100;

	private RatioChart() {
	}

	/** Height of a chart with that many rows. */
	static int height(int rows) {
		return TOP + rows * ROW + 50;
	}

	/** Pixel row of the middle of a bar. */
	static int rowMiddle(int index) {
		return TOP + index * ROW + ROW / 2;
	}

	static void write(String section, List<Comparison> rows, Path png) throws IOException {
		int height = height(rows.size());
		BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, WIDTH, height);
			g.setColor(Color.DARK_GRAY);
			g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
			g.drawString("Benchmarks: " + section + " (ours ÷ alternative, same run)", 12, 24);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
			g.drawString("log scale; right of 1× = ours better; ◆ = target; green = target met", 12, 44);
			axis(g, height);
			for (int i = 0; i < rows.size(); i++) {
				row(g, rows.get(i), TOP + i * ROW);
			}
		}
		finally {
			g.dispose();
		}
		ImageIO.write(image, "png", png.toFile());
	}

	/** Pixel column of a ratio. */
	static int x(double ratio) {
		double clamped = Math.max(MIN, Math.min(MAX, ratio));
		double share = (Math.log10(clamped) - Math.log10(MIN)) / (Math.log10(MAX) - Math.log10(MIN));
		return LABELS + (int) Math.round(share * (WIDTH - LABELS - 170));
	}

	private static void axis(Graphics2D g, int height) {
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		for (double tick : new double[] { 0.01, 0.1, 1, 10, 100 }) {
			int x = x(tick);
			g.setColor((tick == 1) ? Color.GRAY : new Color(0xe6, 0xe6, 0xe6));
			g.setStroke(new BasicStroke((tick == 1) ? 2f : 1f));
			g.drawLine(x, TOP - 6, x, height - 36);
			g.setColor(Color.GRAY);
			String label = format(tick) + "×";
			g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, height - 20);
		}
		g.setStroke(new BasicStroke(1f));
	}

	private static void row(Graphics2D g, Comparison row, int y) {
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		FontMetrics metrics = g.getFontMetrics();
		g.setColor(Color.DARK_GRAY);
		String label = fit(row.workload() + " vs " + row.alternative(), metrics, LABELS - 20);
		g.drawString(label, 12, y + 18);
		int one = x(1);
		int end = x(row.ratio());
		g.setColor(row.met() ? MET : NOT_MET);
		g.fillRect(Math.min(one, end), y + 6, Math.max(2, Math.abs(end - one)), ROW - 12);
		Double target = row.target();
		if (target != null) {
			int tx = x(target);
			int cy = y + ROW / 2;
			g.setColor(Color.BLACK);
			g.fillPolygon(new Polygon(new int[] { tx, tx + 6, tx, tx - 6 }, new int[] { cy - 7, cy, cy + 7, cy }, 4));
		}
		g.setColor(Color.DARK_GRAY);
		String value = format(row.ratio()) + "×  (" + format(row.ours()) + " vs " + format(row.alternativeValue()) + " "
				+ row.unit() + ")";
		int vx = Math.max(Math.max(one, end), (target != null) ? x(target) + 6 : 0) + 8;
		if (vx + metrics.stringWidth(value) > WIDTH - 4) {
			vx = Math.min(one, end) - 8 - metrics.stringWidth(value);
		}
		g.drawString(value, vx, y + 18);
	}

	private static String fit(String text, FontMetrics metrics, int width) {
		if (metrics.stringWidth(text) <= width) {
			return text;
		}
		String cut = text;
		while (cut.length() > 1 && metrics.stringWidth(cut + "…") > width) {
			cut = cut.substring(0, cut.length() - 1);
		}
		return cut + "…";
	}

	static String format(double value) {
		if (value >= 100) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return (value >= 10) ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
	}

}
