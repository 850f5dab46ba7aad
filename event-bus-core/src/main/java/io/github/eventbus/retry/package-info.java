/**
 * How often and how patiently a failed observer call is retried.
 */
@NullMarked
package io.github.eventbus.retry;

import org.jspecify.annotations.NullMarked;
