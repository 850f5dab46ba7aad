package io.github.eventbus.test.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small application that uses the event bus, as a user's would: the subject of this module's tests. */
@SpringBootApplication
public class ShopApplication {

}
