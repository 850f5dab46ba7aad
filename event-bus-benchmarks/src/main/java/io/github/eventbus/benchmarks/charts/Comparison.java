package io.github.eventbus.benchmarks.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One row of a benchmark summary: ours against one alternative, same run. CSV header:
 * {@code workload,unit,better,ours,alternative,alternative_value,target}, where {@code better} is
 * {@code higher} or {@code lower} and {@code target} (optional) is the required ratio, oriented so that more
 * is better for us.
 */
record Comparison(String workload, String unit, boolean higherIsBetter, double ours, String alternative,
		double alternativeValue, @Nullable Double target) {

	static final String HEADER = "workload,unit,better,ours,alternative,alternative_value,target";

	/** Ours relative to the alternative, above 1 when ours is better whatever the unit. */
	double ratio() {
		return this.higherIsBetter ? this.ours / this.alternativeValue : this.alternativeValue / this.ours;
	}

	boolean met() {
		Double required = this.target;
		return this.ratio() >= ((required != null) ? required : 1.0);
	}

	static List<Comparison> read(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
			throw new IOException(csv + ": the first line must be " + HEADER);
		}
		List<Comparison> rows = new ArrayList<>();
		for (int i = 1; i < lines.size(); i++) {
			if (lines.get(i).isBlank()) {
				continue;
			}
			List<String> fields = fields(lines.get(i));
			if (fields.size() != 7) {
				throw new IOException(csv + " line " + (i + 1) + ": expected 7 fields, found " + fields.size());
			}
			String better = fields.get(2).strip().toLowerCase(Locale.ROOT);
			if (!better.equals("higher") && !better.equals("lower")) {
				throw new IOException(csv + " line " + (i + 1) + ": 'better' must be higher or lower");
			}
			rows.add(new Comparison(fields.get(0), fields.get(1), better.equals("higher"),
					Double.parseDouble(fields.get(3)), fields.get(4), Double.parseDouble(fields.get(5)),
					fields.get(6).isBlank() ? null : Double.valueOf(fields.get(6))));
		}
		return rows;
	}

	/** Comma-separated fields; double quotes around a field that holds commas, {@code ""} for a quote. */
	private static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
				field.append('"');
				i++;
			}
			else if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				fields.add(field.toString());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields;
	}

}
