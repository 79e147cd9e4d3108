/**
 * The cache API: {@link dev.redkit.cache.ReadThroughCache} and its
 * {@link dev.redkit.cache.ReadThroughCacheBuilder builder}.
 */
package dev.redkit.cache;
