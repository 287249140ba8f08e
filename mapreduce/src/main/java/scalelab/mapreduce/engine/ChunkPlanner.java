package scalelab.mapreduce.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import scalelab.mapreduce.split.Chunk;

/** Plans a job's chunks: {@link scalelab.mapreduce.split.Splitter#plan} in production. */
@FunctionalInterface
public interface ChunkPlanner {
    List<Chunk> plan(Path input, int chunks, int maxChunkBytes) throws IOException;
}
