package scalelab.core.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** The facts about this machine that every report and benchmark states. */
public final class Machine {
    private Machine() {}

    public static Map<String, Object> describe() {
        var facts = new LinkedHashMap<String, Object>();
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("max heap MiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        facts.put("jdk", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return facts;
    }
}
