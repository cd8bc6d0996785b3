/**
 * DSPJ programs over Apache Spark DataFrames: {@link dev.dspj.spark.DspjSpark} applies a program to
 * every row of a DataFrame (one model client and one program per executor JVM, a bounded number of
 * asynchronous calls in flight per partition, the outputs as columns beside the input columns plus
 * an error column, so no row is lost), evaluates a program with the same score as the local {@link
 * dev.dspj.evaluate.Evaluate}, and holds requests and tokens per minute for the whole job by
 * splitting them across the executors.
 */
@NullMarked
package dev.dspj.spark;

import org.jspecify.annotations.NullMarked;
