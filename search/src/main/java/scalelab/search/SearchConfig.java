package scalelab.search;

import java.time.Duration;
import java.util.Locale;

/**
 * How a search instance runs.
 *
 * @param productsChecked products each query checks (default {@link SearchService#DEFAULT_PRODUCTS_CHECKED})
 * @param cpuBudget the simulated CPU budget in vCPUs, e.g. 0.25; 0 answers on the real CPU (the default)
 * @param serviceTime work per request on the simulated CPU, in a whole core's time (default {@link
 *     SimulatedCpu#DEFAULT_SERVICE_TIME}); unused on the real CPU
 */
public record SearchConfig(int productsChecked, double cpuBudget, Duration serviceTime) {
    public SearchConfig {
        if (productsChecked < 1 || productsChecked > ProductCatalog.DEFAULT_SIZE) {
            throw new IllegalArgumentException(
                    "productsChecked must be 1.." + ProductCatalog.DEFAULT_SIZE + " but was " + productsChecked);
        }
        if (!(cpuBudget >= 0) || cpuBudget > 64) {
            throw new IllegalArgumentException("cpuBudget must be 0 (real CPU) or in (0, 64] but was " + cpuBudget);
        }
        if (serviceTime.isNegative() || serviceTime.isZero()) {
            throw new IllegalArgumentException("serviceTime must be positive but was " + serviceTime);
        }
    }

    public static SearchConfig defaults() {
        return new SearchConfig(SearchService.DEFAULT_PRODUCTS_CHECKED, 0, SimulatedCpu.DEFAULT_SERVICE_TIME);
    }

    public SearchConfig withCpuBudget(double vcpu) {
        return new SearchConfig(productsChecked, vcpu, serviceTime);
    }

    /** The routes of one instance: the catalogue generated, the CPU chosen. */
    public SearchRoutes routes() {
        Cpu cpu = cpuBudget > 0 ? SimulatedCpu.of(cpuBudget, serviceTime) : new RealCpu();
        return new SearchRoutes(
                new SearchService(ProductCatalog.generate(ProductCatalog.DEFAULT_SIZE), productsChecked, cpu));
    }

    /** One line for the startup log. */
    public String describe() {
        return cpuBudget > 0
                ? String.format(
                        Locale.ROOT,
                        "%d products checked per query; simulated CPU of %s vCPU, %.3f ms of work per request"
                                + " (%.0f requests/s at most)",
                        productsChecked,
                        cpuBudget,
                        serviceTime.toNanos() / 1e6,
                        cpuBudget * 1e9 / serviceTime.toNanos())
                : productsChecked + " products checked per query; real CPU";
    }
}
