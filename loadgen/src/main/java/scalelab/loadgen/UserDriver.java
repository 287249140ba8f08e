package scalelab.loadgen;

/**
 * Runs one simulated user: its start hook, then task after task with think time between, until the run
 * stops. It never blocks a thread while it waits: a call's completion or the scheduler's timer moves it
 * on, so a user with no think time goes from one answer straight to its next request on the same event
 * loop. Code tasks run on a virtual thread of their own.
 */
final class UserDriver {
    private final LoadTest.Running run;
    private final UserType type;
    private final Session session;

    UserDriver(LoadTest.Running run, UserType type, Session session) {
        this.run = run;
        this.type = type;
        this.session = session;
    }

    void start() {
        if (type.onStart() == null) {
            next();
            return;
        }
        Thread.ofVirtual().name("user-" + session.id()).start(() -> {
            try {
                type.onStart().accept(session);
            } catch (RuntimeException e) {
                run.taskFailed(type.name() + " on start", e);
            }
            next();
        });
    }

    /** Picks and starts the next task, now or at its scheduled time (open model). */
    private void next() {
        if (run.over()) {
            finish();
            return;
        }
        long intended = run.nextStart();
        if (intended == Long.MAX_VALUE) {
            finish();
            return;
        }
        long delay = intended - System.nanoTime();
        if (delay > 0) {
            run.schedule(() -> execute(intended), delay);
        } else {
            execute(intended);
        }
    }

    private void execute(long intended) {
        if (run.over()) {
            finish();
            return;
        }
        Task task = type.pick(session.random());
        long started = System.nanoTime();
        long latencyFrom = run.openModel() ? intended : started;
        run.taskStarted();
        if (task.call() != null) {
            session.send(task.call(), latencyFrom).whenComplete((r, e) -> {
                run.taskEnded();
                afterTask(started);
            });
            return;
        }
        Thread.ofVirtual().name("user-" + session.id()).start(() -> {
            try {
                session.firstCallFrom(latencyFrom);
                task.code().accept(session);
            } catch (RuntimeException e) {
                run.taskFailed(task.label(), e);
            } finally {
                run.taskEnded();
                afterTask(started);
            }
        });
    }

    private void afterTask(long started) {
        long wait = run.openModel() ? 0 : type.waitTime().nanos(session.random(), System.nanoTime() - started);
        if (wait > 0 && !run.over()) {
            run.schedule(this::next, wait);
        } else {
            next();
        }
    }

    private void finish() {
        session.close();
        run.userFinished();
    }
}
