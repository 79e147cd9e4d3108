/** One small runnable example per component, each started against an embedded Redis. */
@NullMarked
package dev.redkit.examples.components;

import org.jspecify.annotations.NullMarked;
