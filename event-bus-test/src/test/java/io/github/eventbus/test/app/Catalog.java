package io.github.eventbus.test.app;

import org.springframework.stereotype.Service;

/** A bean that is neither an observer nor a saga: an {@code @EventBusTest} leaves it out. */
@Service
public class Catalog {

}
