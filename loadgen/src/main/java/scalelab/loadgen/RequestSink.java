package scalelab.loadgen;

/** Where sessions report each finished request. */
interface RequestSink {
    /**
     * @param failure null for a success, else why it failed
     */
    void record(Key key, long startNanos, long endNanos, int bytes, String failure);
}
