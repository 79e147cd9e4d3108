/** Runnable Redkit examples: one small program per component, and a platform application that combines them. */
@NullMarked
package dev.redkit.examples;

import org.jspecify.annotations.NullMarked;
