/**
 * An application written against the starter as a user writes it: one bean of each customizer type.
 */
@NullMarked
package io.github.eventbus.startertests;

import org.jspecify.annotations.NullMarked;
