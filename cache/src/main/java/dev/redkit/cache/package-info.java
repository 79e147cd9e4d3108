/**
 * The cache API: {@link dev.redkit.cache.ReadThroughCache} and its
 * {@link dev.redkit.cache.ReadThroughCacheBuilder builder}.
 */
@NullMarked
package dev.redkit.cache;

import org.jspecify.annotations.NullMarked;
