/** The SQLite response cache: durable, shared by the threads and processes of one machine. */
@NullMarked
package dev.dspj.lm.cache.sqlite;

import org.jspecify.annotations.NullMarked;
