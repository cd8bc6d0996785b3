/** The SQLite response cache: durable, shared by the threads and processes of one machine. */
package dev.dspj.lm.cache.sqlite;
