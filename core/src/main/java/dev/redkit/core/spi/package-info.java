/**
 * The component-author SPI: what Redkit's component modules need and an application does not, namely
 * argument checks ({@link dev.redkit.core.spi.Checks}), builder settings that may be set once
 * ({@link dev.redkit.core.spi.SetOnce}), Micrometer metrics ({@link dev.redkit.core.spi.RedkitMetrics}), the
 * Redis back-off ({@link dev.redkit.core.spi.RedisBackoff}) and reply conversion
 * ({@link dev.redkit.core.spi.Replies}).
 *
 * <p>The package is exported only to the Redkit modules ({@code exports ... to} in {@code module-info.java});
 * on the class path it is visible, but it is not API: it may change in any release without notice.
 */
@NullMarked
package dev.redkit.core.spi;

import org.jspecify.annotations.NullMarked;
