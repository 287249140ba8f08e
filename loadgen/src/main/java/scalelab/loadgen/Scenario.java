package scalelab.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * What the simulated users do: one or more {@link UserType}s, mixed by weight. Users are assigned to
 * types in proportion to the weights, deterministically (weights 3:1 over 8 users give 6 and 2), as
 * Locust does.
 */
public final class Scenario {
    private final String name;
    private final String description;
    private final List<UserType> userTypes = new ArrayList<>();

    private Scenario(String name, String description) {
        this.name = name;
        this.description = description;
    }

    public static Scenario named(String name, String description) {
        return new Scenario(name, description);
    }

    public Scenario user(UserType type) {
        if (type.tasks().isEmpty()) {
            throw new IllegalArgumentException("user type '" + type.name() + "' has no task");
        }
        userTypes.add(type);
        return this;
    }

    /** Gives every user type this think time (the command line's {@code --wait}). */
    public Scenario waitTime(WaitTime waitTime) {
        userTypes.forEach(t -> t.waitTime(waitTime));
        return this;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public List<UserType> userTypes() {
        return List.copyOf(userTypes);
    }

    /**
     * The type of the user spawned after {@code counts[i]} users of each type: the one furthest behind
     * its share, so any prefix of the spawned users follows the weights as closely as whole users can.
     */
    UserType nextType(int[] counts) {
        if (userTypes.isEmpty()) {
            throw new IllegalStateException("scenario '" + name + "' has no user type");
        }
        int total = 1;
        int weights = 0;
        for (int i = 0; i < counts.length; i++) {
            total += counts[i];
            weights += userTypes.get(i).weight();
        }
        int best = 0;
        double bestDeficit = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < userTypes.size(); i++) {
            double deficit = (double) userTypes.get(i).weight() * total / weights - counts[i];
            if (deficit > bestDeficit) {
                bestDeficit = deficit;
                best = i;
            }
        }
        counts[best]++;
        return userTypes.get(best);
    }
}
