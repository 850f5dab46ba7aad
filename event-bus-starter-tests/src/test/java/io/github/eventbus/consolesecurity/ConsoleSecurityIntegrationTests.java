package io.github.eventbus.consolesecurity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The operations console behind the application's own Spring Security filter chain, configured as
 * docs/console.md suggests: readers may look, only admins may replay, and the page carries the CSRF token
 * its script sends with writes. The console itself allows writes here
 * ({@code management.endpoint.eventbus.access=unrestricted}), so every refusal below is the filter chain's.
 */
@SpringBootTest(classes = ConsoleSecurityIntegrationTests.SecuredApplication.class,
		properties = { "eventbus.console.enabled=true", "management.endpoint.eventbus.access=unrestricted",
				"spring.datasource.generate-unique-name=true" })
class ConsoleSecurityIntegrationTests {

	private static final String CONSOLE = "/eventbus-console";

	private static final String REPLAY = CONSOLE + "/api/dead-letters/1/replay";

	private static final Pattern CSRF_META = Pattern
		.compile("<meta name=\"csrf-header\" content=\"([^\"]+)\">\\s*<meta name=\"csrf-token\" content=\"([^\"]+)\">");

	@Autowired
	private WebApplicationContext context;

	private MockMvc mvc;

	@BeforeEach
	void mockMvc() {
		this.mvc = MockMvcBuilders.webAppContextSetup(this.context).apply(springSecurity()).build();
	}

	@Test
	void anonymousVisitorsSeeNothing() throws Exception {
		this.mvc.perform(get(CONSOLE)).andExpect(status().isUnauthorized());
		this.mvc.perform(get(CONSOLE + "/api/overview")).andExpect(status().isUnauthorized());
	}

	@Test
	void readersSeeTheConsoleButCannotReplay() throws Exception {
		// given
		MockHttpSession session = new MockHttpSession();
		String[] csrf = csrfOfThePage(session, reader());
		// when / then
		this.mvc.perform(get(CONSOLE + "/api/overview").with(reader())).andExpect(status().isOk());
		this.mvc.perform(post(REPLAY).session(session).header(csrf[0], csrf[1]).with(reader()))
			.andExpect(status().isForbidden());
	}

	@Test
	void adminsReplayWithTheTokenThePageCarriesAndNeverWithoutIt() throws Exception {
		// given
		MockHttpSession session = new MockHttpSession();
		String[] csrf = csrfOfThePage(session, admin());
		// when / then
		this.mvc.perform(post(REPLAY).session(session).with(admin())).andExpect(status().isForbidden());
		this.mvc.perform(post(REPLAY).session(session).header(csrf[0], csrf[1]).with(admin()))
			.andExpect(status().isOk());
	}

	/** Loads the console page as a browser would and reads the CSRF header name and token it carries. */
	private String[] csrfOfThePage(MockHttpSession session, RequestPostProcessor user) throws Exception {
		String page = this.mvc.perform(get(CONSOLE).session(session).with(user))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		Matcher meta = CSRF_META.matcher(page);
		assertThat(meta.find()).as("CSRF meta tags in the console page").isTrue();
		return new String[] { meta.group(1), meta.group(2) };
	}

	private static RequestPostProcessor reader() {
		return user("reader").roles("OPS_READ");
	}

	private static RequestPostProcessor admin() {
		return user("admin").roles("OPS_READ", "OPS_ADMIN");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SecuredApplication {

		/** As docs/console.md suggests: reading for operators, writing for admins. */
		@Bean
		SecurityFilterChain operators(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, CONSOLE + "/**")
					.hasRole("OPS_READ")
					.requestMatchers(CONSOLE + "/**")
					.hasRole("OPS_ADMIN")
					.anyRequest()
					.authenticated())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

	}

}
