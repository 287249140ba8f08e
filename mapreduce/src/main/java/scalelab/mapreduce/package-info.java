/**
 * MapReduce word count. {@code text}: the tokenising rules of API.md and the counting tables; {@code split}:
 * the streaming splitter; {@code single}: the single-machine baseline; {@code generate}: the corpus generator;
 * {@code engine}: the coordinator, mappers and reducers that talk through the broker.
 */
package scalelab.mapreduce;
