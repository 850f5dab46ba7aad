package io.github.eventbus.autoconfigure.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * Serves the console page, its script and style from the jar, and the JSON it reads, under
 * {@code eventbus.console.path}. Write requests answer 403 unless {@link ConsoleAccess} allows them. With
 * Spring Security, the page carries the request's CSRF token, which the script sends with writes.
 */
@Controller
@ResponseBody
@RequestMapping("${eventbus.console.path:" + ConsoleProperties.DEFAULT_PATH + "}")
class ConsoleController {

	private static final String STATIC = "io/github/eventbus/autoconfigure/console/";

	private final ConsoleModel model;

	private final ConsoleAccess access;

	private final ConsoleProperties properties;

	ConsoleController(ConsoleModel model, ConsoleAccess access, ConsoleProperties properties) {
		this.model = model;
		this.access = access;
		this.properties = properties;
	}

	@GetMapping(path = { "", "/" }, produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> page(HttpServletRequest request) throws IOException {
		String html = read("console.html").replace("<!--csrf-->", csrfMeta(request))
			.replace("@@refresh@@", String.valueOf(this.properties.getRefreshInterval().toMillis()))
			.replace("@@base@@", HtmlUtils.htmlEscape(request.getContextPath() + this.properties.getPath()));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_HTML).body(html);
	}

	@GetMapping("/console.js")
	ResponseEntity<String> script() throws IOException {
		return ResponseEntity.ok().contentType(MediaType.valueOf("text/javascript")).body(read("console.js"));
	}

	@GetMapping("/console.css")
	ResponseEntity<String> style() throws IOException {
		return ResponseEntity.ok().contentType(MediaType.valueOf("text/css")).body(read("console.css"));
	}

	@GetMapping("/api/overview")
	Map<String, Object> overview() {
		return this.model.overview(this.access.writable());
	}

	@GetMapping("/api/dead-letters")
	List<Map<String, Object>> deadLetters(@RequestParam(required = false) @Nullable String observer) {
		return this.model.deadLetters((observer == null || observer.isEmpty()) ? null : observer);
	}

	@GetMapping("/api/dead-letters/{id}/event")
	ResponseEntity<Map<String, Object>> deadLetterEvent(@PathVariable long id) {
		return ResponseEntity.of(this.model.deadLetterEvent(id));
	}

	@GetMapping("/api/streams")
	List<Map<String, Object>> stream(@RequestParam String id) {
		return this.model.stream(id);
	}

	@PostMapping("/api/dead-letters/{id}/replay")
	ResponseEntity<Map<String, Object>> replay(@PathVariable long id) {
		if (!this.access.writable()) {
			return forbidden();
		}
		return ResponseEntity.ok(Map.of("id", String.valueOf(id), "replayed", this.model.replay(id)));
	}

	@DeleteMapping("/api/dead-letters/{id}")
	ResponseEntity<Map<String, Object>> discard(@PathVariable long id) {
		if (!this.access.writable()) {
			return forbidden();
		}
		return ResponseEntity.ok(Map.of("id", String.valueOf(id), "discarded", this.model.discard(id)));
	}

	private static ResponseEntity<Map<String, Object>> forbidden() {
		return ResponseEntity.status(HttpStatus.FORBIDDEN)
			.body(Map.of("error", "Read-only: set management.endpoint.eventbus.access=unrestricted to replay and discard"));
	}

	/** Spring Security's token, read by property so that Security stays optional. */
	private static String csrfMeta(HttpServletRequest request) {
		Object token = request.getAttribute("_csrf");
		if (token == null) {
			return "";
		}
		BeanWrapperImpl csrf = new BeanWrapperImpl(token);
		return "<meta name=\"csrf-header\" content=\"" + HtmlUtils.htmlEscape(String.valueOf(csrf.getPropertyValue("headerName")))
				+ "\">\n<meta name=\"csrf-token\" content=\"" + HtmlUtils.htmlEscape(String.valueOf(csrf.getPropertyValue("token")))
				+ "\">";
	}

	private static String read(String name) throws IOException {
		try (InputStream in = new ClassPathResource(STATIC + name).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
