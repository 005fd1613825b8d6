package papers.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.App;
import papers.paper.ChangeFollower;
import papers.search.IndexFollower;
import papers.support.TestStores;

/**
 * A node of bench/cluster hung for good at start: the start-up thread held the index follower's lock and waited for
 * the change follower's, whose thread (started by the web server) held its own and waited to deliver a batch to the
 * index follower. Every /readyz then waited on the App's lock. The locks are now taken in one order: the change
 * follower's first. Here the test holds the change follower's lock, lets the start-up block on it, and looks at
 * what the blocked thread holds.
 */
class StartUpLockOrderTest {

    @TempDir
    Path home;

    @Test
    void startingTheIndexFollowerNeverHoldsItsLockWhileWaitingForTheChangeFollowers() throws Exception {
        try (App app = App.open(TestStores.sqliteConfig(home))) {
            ChangeFollower changes = app.changeFollower();
            IndexFollower index = app.searchParts().indexFollower();
            Thread startUp;
            ThreadInfo blocked;
            synchronized (changes) { // as the follower's thread does while it delivers a batch
                startUp = Thread.ofPlatform().name("start-up-under-test").start(() -> index.start(changes));
                blocked = blockedOn(startUp, changes);
                assertThat(Arrays.stream(blocked.getLockedMonitors()).map(MonitorInfo::getIdentityHashCode))
                        .as("monitors the blocked start-up holds").doesNotContain(System.identityHashCode(index));
                index.catchUp(); // the delivering thread can take the index follower's lock: no deadlock
            }
            startUp.join();
            assertThat(startUp.isAlive()).isFalse();
        }
    }

    /** Waits until {@code t} is blocked on {@code lock}'s monitor and returns what it holds then. */
    private static ThreadInfo blockedOn(Thread t, Object lock) throws InterruptedException {
        var threads = ManagementFactory.getThreadMXBean();
        while (true) {
            ThreadInfo info = threads.getThreadInfo(new long[] {t.threadId()}, true, false)[0];
            if (info != null && info.getThreadState() == Thread.State.BLOCKED && info.getLockInfo() != null
                    && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(lock)) {
                return info;
            }
            assertThat(t.isAlive()).as("the start-up finished without waiting for the follower's lock").isTrue();
            Thread.sleep(5);
        }
    }
}
