package scalelab.mapreduce.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import scalelab.mapreduce.engine.PhaseTimes;
import scalelab.mapreduce.experiment.MapReduceExperiment.Goal;
import scalelab.mapreduce.experiment.MapReduceExperiment.Result;
import scalelab.mapreduce.experiment.MapReduceExperiment.Run;
import scalelab.mapreduce.experiment.MapReduceExperiment.Summary;

/** The goals of issue 7 and the conclusions, each computed from the measured numbers. */
final class Findings {
    /** The goal for the single-machine count, in MB/s (10^6 bytes per second), on one core. */
    static final double SINGLE_GOAL_MBPS = 150;

    /** The mapper count the ratio goals are stated for. */
    static final int GOAL_MAPPERS = 2;

    /** The goals: MapReduce time over single-machine time, with {@link #GOAL_MAPPERS} mappers. */
    static final double IN_PROCESS_GOAL_RATIO = 1.5;

    static final double RABBITMQ_GOAL_RATIO = 2.5;

    private Findings() {}

    static double goalRatio(String broker) {
        return broker.equals(MapReduceExperiment.RABBITMQ) ? RABBITMQ_GOAL_RATIO : IN_PROCESS_GOAL_RATIO;
    }

    static List<Goal> goals(Result result, boolean rabbitAsked) {
        var goals = new ArrayList<Goal>();
        Summary single = single(result);
        goals.add(new Goal(
                "single-machine count >= " + num(SINGLE_GOAL_MBPS, 0) + " MB/s (on one thread, not pinned to a core"
                        + " here; bench/mapreduce.sh also measures it pinned with taskset)",
                single.megabytesPerSecond() >= SINGLE_GOAL_MBPS,
                num(single.megabytesPerSecond(), 1) + " MB/s, median of "
                        + single.totals().size() + " run(s)"));
        for (String broker : List.of(MapReduceExperiment.IN_PROCESS, MapReduceExperiment.RABBITMQ)) {
            double goal = goalRatio(broker);
            String text = "MapReduce with " + GOAL_MAPPERS + " mappers on " + broker + " within " + num(goal, 1)
                    + "x the single-machine time";
            Optional<Summary> s = find(result, broker, GOAL_MAPPERS);
            if (s.isPresent() && s.get().measured()) {
                goals.add(new Goal(
                        text,
                        s.get().ratio() <= goal,
                        num(s.get().ratio(), 2) + "x (" + Stats.seconds(s.get().total()) + " vs "
                                + Stats.seconds(single.total()) + ")"));
            } else if (s.isPresent()) {
                goals.add(new Goal(text, null, "not measured: the job failed"));
            } else {
                goals.add(new Goal(
                        text,
                        null,
                        broker.equals(MapReduceExperiment.RABBITMQ)
                                ? (rabbitAsked ? "not measured: RabbitMQ not reachable" : "not measured: --broker none")
                                : "not measured"));
            }
        }
        long equal = result.runs().stream().filter(Run::equal).count();
        long failedConfigs =
                result.summaries().stream().filter(s -> s.error() != null).count();
        goals.add(new Goal(
                "every MapReduce result equal to the single-machine count",
                equal == result.runs().size()
                        && failedConfigs == 0
                        && !result.runs().isEmpty(),
                equal + " of " + result.runs().size() + " run(s) equal"
                        + (failedConfigs > 0 ? ", " + failedConfigs + " configuration(s) failed" : "")));
        return List.copyOf(goals);
    }

    static List<String> conclusions(Result result) {
        var out = new ArrayList<String>();
        Summary single = single(result);
        int cores = Runtime.getRuntime().availableProcessors();
        for (String broker : brokers(result)) {
            List<Summary> mine = result.summaries().stream()
                    .filter(s -> s.broker().equals(broker) && s.measured())
                    .toList();
            if (mine.isEmpty()) continue;
            Summary fastest =
                    mine.stream().min(Comparator.comparing(Summary::total)).orElseThrow();
            out.add(String.format(
                    Locale.ROOT,
                    "%s: the fastest was %d mapper(s), %s (%.1f MB/s), %.2fx the single-machine count's %s.",
                    broker,
                    fastest.mappers(),
                    Stats.seconds(fastest.total()),
                    fastest.megabytesPerSecond(),
                    fastest.ratio(),
                    Stats.seconds(single.total())));
            Summary first = mine.getFirst();
            Summary last = mine.getLast();
            if (last.mappers() > first.mappers()) {
                double speedUp = first.total().toNanos() / (double) last.total().toNanos();
                out.add(String.format(
                        Locale.ROOT,
                        "%s: from %d to %d mappers the total went from %s to %s, a speed-up of %.2fx on %d core(s)%s.",
                        broker,
                        first.mappers(),
                        last.mappers(),
                        Stats.seconds(first.total()),
                        Stats.seconds(last.total()),
                        speedUp,
                        cores,
                        last.mappers() > cores
                                ? "; " + last.mappers() + " mappers are more than the cores, so they take turns,"
                                        + " beside the coordinator and reducers in the same JVM"
                                : ""));
            }
            Summary at = mine.stream()
                    .filter(s -> s.mappers() == Findings.GOAL_MAPPERS)
                    .findFirst()
                    .orElse(first);
            Map<String, Duration> phases = phases(at.phases());
            var top =
                    phases.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
            out.add(String.format(
                    Locale.ROOT,
                    "%s: the longest phase was %s, %s of the %s total (%.0f%%); split %s, map %s, shuffle %s,"
                            + " reduce %s%s.",
                    at.label(),
                    top.getKey(),
                    Stats.seconds(top.getValue()),
                    Stats.seconds(at.total()),
                    100.0 * top.getValue().toNanos() / Math.max(1, at.total().toNanos()),
                    Stats.seconds(at.phases().split()),
                    Stats.seconds(at.phases().map()),
                    Stats.seconds(at.phases().shuffle()),
                    Stats.seconds(at.phases().reduce()),
                    sum(at.phases()).compareTo(at.total()) > 0
                            ? " (they add up to more than the total: the mappers count while the splitter reads)"
                            : ""));
        }
        var in = find(result, MapReduceExperiment.IN_PROCESS, GOAL_MAPPERS).filter(Summary::measured);
        var rabbit = find(result, MapReduceExperiment.RABBITMQ, GOAL_MAPPERS).filter(Summary::measured);
        if (in.isPresent() && rabbit.isPresent()) {
            Map<String, Duration> a = phases(in.get().phases());
            Map<String, Duration> b = phases(rabbit.get().phases());
            String most = a.keySet().stream()
                    .max(Comparator.comparing(k -> b.get(k).minus(a.get(k))))
                    .orElseThrow();
            out.add(String.format(
                    Locale.ROOT,
                    "With %d mappers RabbitMQ took %.2fx the in-process time (%s vs %s); the phase that grew most"
                            + " was %s (%s vs %s).",
                    GOAL_MAPPERS,
                    Stats.ratio(rabbit.get().total(), in.get().total()),
                    Stats.seconds(rabbit.get().total()),
                    Stats.seconds(in.get().total()),
                    most,
                    Stats.seconds(b.get(most)),
                    Stats.seconds(a.get(most))));
        }
        long reissued = result.runs().stream().mapToLong(Run::reissued).sum();
        long duplicates =
                result.runs().stream().mapToLong(Run::duplicatesIgnored).sum();
        out.add(
                reissued == 0 && duplicates == 0
                        ? "No task was re-issued and no duplicate partial or result arrived in the "
                                + result.runs().size() + " measured run(s)."
                        : reissued + " task(s) were re-issued and " + duplicates
                                + " duplicate partial(s) or result(s) ignored over the "
                                + result.runs().size()
                                + " measured run(s); the results were still checked against the single-machine"
                                + " count.");
        return List.copyOf(out);
    }

    static Summary single(Result result) {
        return result.summaries().stream().filter(Summary::single).findFirst().orElseThrow();
    }

    static Optional<Summary> find(Result result, String broker, int mappers) {
        return result.summaries().stream()
                .filter(s -> s.broker().equals(broker) && s.mappers() == mappers)
                .findFirst();
    }

    static List<String> brokers(Result result) {
        return result.summaries().stream()
                .filter(s -> !s.single())
                .map(Summary::broker)
                .distinct()
                .toList();
    }

    /** The phases by name, in order. */
    static Map<String, Duration> phases(PhaseTimes p) {
        var m = new LinkedHashMap<String, Duration>();
        m.put("split", p.split());
        m.put("map", p.map());
        m.put("shuffle", p.shuffle());
        m.put("reduce", p.reduce());
        return m;
    }

    static Duration sum(PhaseTimes p) {
        return p.split().plus(p.map()).plus(p.shuffle()).plus(p.reduce());
    }

    static String num(double v, int decimals) {
        return Stats.num(v, decimals);
    }
}
