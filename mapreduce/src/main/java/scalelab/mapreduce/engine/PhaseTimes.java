package scalelab.mapreduce.engine;

import java.time.Duration;

/**
 * Where a job's time went. The phases overlap (mappers start on the first chunk while the splitter reads the
 * next), so they need not add up to {@code total}.
 *
 * @param split planning the chunks, reading them and publishing every map task
 * @param map from the first map task published to the last map task's partials received
 * @param shuffle from the last partial received to every reduce task published (grouping partials by partition)
 * @param reduce from the reduce tasks published to the last partition's result received
 * @param total from the job's submission to its assembled result
 */
public record PhaseTimes(Duration split, Duration map, Duration shuffle, Duration reduce, Duration total) {}
