/**
 * Console internals: routing, pages, security checks, the chart sampler. Not exported; may change without notice.
 */
package dev.redkit.console.internal;
