/** The example Spring Boot application that mounts the Redkit starter. */
@NullMarked
package dev.redkit.examples.boot;

import org.jspecify.annotations.NullMarked;
