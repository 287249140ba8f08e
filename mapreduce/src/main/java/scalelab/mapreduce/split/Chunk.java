package scalelab.mapreduce.split;

/**
 * A part of the input that begins and ends at a token boundary.
 *
 * @param index 0-based, in input order
 * @param offset the first byte's offset in the input
 * @param length bytes (at most the splitter's maximum chunk size, unless one word is longer)
 */
public record Chunk(int index, long offset, int length) {}
