/** Response caches: in memory (Caffeine) and on disk (SQLite), keyed by a stable hash of the request without secrets. */
package dev.dspj.lm.cache;
