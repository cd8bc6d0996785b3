/** Response caches: in memory (Caffeine) and on disk (SQLite), keyed by a stable hash of the request without secrets. */
@NullMarked
package dev.dspj.lm.cache;

import org.jspecify.annotations.NullMarked;
