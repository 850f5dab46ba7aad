/**
 * Test support for applications using the event bus: the {@link io.github.eventbus.test.EventBusTest} slice,
 * {@link io.github.eventbus.test.Scenario scenarios}, AssertJ assertions over the
 * {@link io.github.eventbus.test.RecordedEvents events a test published}, and a
 * {@link io.github.eventbus.test.SagaFixture saga fixture} with a controllable {@link io.github.eventbus.test.TestClock}.
 */
@NullMarked
package io.github.eventbus.test;

import org.jspecify.annotations.NullMarked;
