/**
 * Console internals: routing, pages, security checks, the chart sampler. Not exported; may change without notice.
 */
@NullMarked
package dev.redkit.console.internal;

import org.jspecify.annotations.NullMarked;
