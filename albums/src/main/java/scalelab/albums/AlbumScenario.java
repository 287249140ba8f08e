package scalelab.albums;

import java.time.Duration;
import scalelab.loadgen.Call;
import scalelab.loadgen.Scenario;
import scalelab.loadgen.Session;
import scalelab.loadgen.Task;
import scalelab.loadgen.UserType;
import scalelab.loadgen.WaitTime;

/**
 * The album API's load scenario ({@code scalelab load --scenario albums}): browsers read albums (three
 * of the seed albums and the one they added on start) and, less often, list them all; collectors add
 * albums. Think time between(0.5, 1.5) s, as a person clicking.
 */
public final class AlbumScenario {
    private AlbumScenario() {}

    static final String NEW_ALBUM = "{\"title\":\"Giant Steps\",\"artist\":\"John Coltrane\",\"price\":12.5}";

    public static Scenario scenario() {
        var think = WaitTime.between(Duration.ofMillis(500), Duration.ofMillis(1500));
        var browser = UserType.named("browser")
                .weight(4)
                .waitTime(think)
                .onStart(AlbumScenario::addOne)
                .task(6, readOne())
                .task(Task.code(2, "GET /albums/{id} (own)", AlbumScenario::readOwn))
                .task(1, Call.get("/albums").check(r -> r.text().startsWith("["), "not a JSON array"));
        var collector = UserType.named("collector")
                .weight(1)
                .waitTime(think)
                .task(1, Call.post("/albums", NEW_ALBUM).expect(201));
        return Scenario.named("albums", "read, list and add albums")
                .user(browser)
                .user(collector);
    }

    /** A GET of one of the three seed albums, grouped as {@code /albums/{id}}. */
    public static Call readOne() {
        return Call.get("/albums/{id}", random -> "/albums/" + (1 + random.nextInt(3)))
                .expect(200)
                .check(r -> r.text().contains("\"id\""), "no id in the album");
    }

    private static void addOne(Session session) {
        var answer = session.call(Call.post("/albums", NEW_ALBUM).expect(201));
        int at = answer.text().indexOf("\"id\":\"");
        if (at >= 0) {
            session.data()
                    .put("id", answer.text().substring(at + 6, answer.text().indexOf('"', at + 6)));
        }
    }

    private static void readOwn(Session session) {
        Object id = session.data().getOrDefault("id", "1");
        session.call(Call.get("/albums/{id}", random -> "/albums/" + id).expect(200));
    }
}
