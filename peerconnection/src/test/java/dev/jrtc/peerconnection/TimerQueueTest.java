package dev.jrtc.peerconnection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The media path's sans-IO timers: deadline order, cancellation, fixed-rate repetition from when each was due. */
class TimerQueueTest {
    @Test
    void runsDueTasksInDeadlineOrderAndReportsTheNextDeadline() {
        TimerQueue q = new TimerQueue();
        List<String> ran = new ArrayList<>();
        q.schedule(30, () -> ran.add("c"));
        q.schedule(10, () -> ran.add("a"));
        TimerQueue.Entry cancelled = q.schedule(20, () -> ran.add("cancelled"));
        q.schedule(10, () -> ran.add("a2"));
        cancelled.cancel();
        assertEquals(10, q.pollTimeout());
        q.handleTimeout(25);
        assertEquals(List.of("a", "a2"), ran);
        assertEquals(30, q.pollTimeout());
        q.handleTimeout(30);
        assertEquals(List.of("a", "a2", "c"), ran);
        assertEquals(Long.MAX_VALUE, q.pollTimeout());
    }

    @Test
    void aPeriodicTaskKeepsItsRateWhenFiredLate() {
        TimerQueue q = new TimerQueue();
        List<Long> at = new ArrayList<>();
        long[] now = new long[1];
        TimerQueue.Periodic p = q.every(100, 100, () -> at.add(now[0]));
        now[0] = 130;
        q.handleTimeout(now[0]);
        assertEquals(200, q.pollTimeout(), "due a period after it was due, not after it ran");
        now[0] = 200;
        q.handleTimeout(now[0]);
        p.cancel();
        assertEquals(Long.MAX_VALUE, q.pollTimeout());
        assertEquals(List.of(130L, 200L), at);
    }

    @Test
    void tasksScheduledByATaskRunInTheSameCallWhenDue() {
        TimerQueue q = new TimerQueue();
        List<String> ran = new ArrayList<>();
        q.schedule(10, () -> {
            ran.add("first");
            q.schedule(10, () -> ran.add("second"));
            q.schedule(50, () -> ran.add("later"));
        });
        q.handleTimeout(10);
        assertEquals(List.of("first", "second"), ran);
        assertEquals(50, q.pollTimeout());
    }
}
