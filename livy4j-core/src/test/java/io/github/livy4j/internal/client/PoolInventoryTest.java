package io.github.livy4j.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.SessionPool;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PoolInventoryTest {
  private final PoolInventory<String> inventory = new PoolInventory<>();

  private void start(String... sessions) {
    for (String s : sessions) {
      assertThat(inventory.placeStarted(s)).isEqualTo(PoolInventory.Placed.idle());
    }
  }

  @Test
  void startsUpToMin_andWhileBorrowersWait_upToMax() {
    assertThat(inventory.reserveStarts(2, 3)).isEqualTo(2);
    assertThat(inventory.reserveStarts(2, 3)).as("already starting").isZero();
    start("a", "b");
    assertThat(inventory.stats()).isEqualTo(new SessionPool.Stats(2, 0, 0, 0, 2, 0));
    inventory.takeOrQueue();
    inventory.takeOrQueue();
    assertThat(inventory.takeOrQueue().queued()).isNotNull();
    assertThat(inventory.reserveStarts(2, 3)).isEqualTo(1);
    assertThat(inventory.takeOrQueue().queued()).isNotNull();
    assertThat(inventory.reserveStarts(2, 3)).as("never past max").isZero();
    assertThat(inventory.stats()).isEqualTo(new SessionPool.Stats(0, 2, 1, 2, 2, 0));
  }

  @Test
  void borrowing_takesTheMostRecentlyUsed_andGivenBack_itComesFirst() {
    inventory.reserveStarts(2, 2);
    start("a", "b");
    PoolInventory.Taken<String> first = inventory.takeOrQueue();
    assertThat(first).isEqualTo(new PoolInventory.Taken<>("a", null));
    assertThat(inventory.placeReturned("a")).isEqualTo(PoolInventory.Placed.idle());
    assertThat(inventory.takeOrQueue().session()).isEqualTo("a");
    assertThat(inventory.takeOrQueue().session()).isEqualTo("b");
  }

  @Test
  void aSessionBackOrUp_goesToTheFirstWaitingBorrower() {
    inventory.reserveStarts(1, 2);
    start("a");
    inventory.takeOrQueue();
    CompletableFuture<String> first = inventory.takeOrQueue().queued();
    CompletableFuture<String> second = inventory.takeOrQueue().queued();
    assertThat(inventory.placeReturned("a").waiter()).isSameAs(first);
    inventory.reserveStarts(1, 2);
    assertThat(inventory.placeStarted("b").waiter()).isSameAs(second);
    assertThat(inventory.stats()).isEqualTo(new SessionPool.Stats(0, 2, 0, 0, 2, 0));
  }

  @Test
  void aBorrowerGivenUp_leavesTheQueue() {
    CompletableFuture<String> queued = inventory.takeOrQueue().queued();
    inventory.unqueue(queued);
    assertThat(inventory.stats().waiting()).isZero();
  }

  @Test
  void evictingAndDetaching_forgetTheSession_evictingCountsIt() {
    inventory.reserveStarts(3, 3);
    start("a", "b", "c");
    inventory.takeOrQueue();
    inventory.evict("a");
    assertThat(inventory.removeIdle("b"::equals)).isEqualTo("b");
    assertThat(inventory.removeIdle("x"::equals)).isNull();
    inventory.takeOrQueue();
    inventory.release("c");
    assertThat(inventory.stats()).isEqualTo(new SessionPool.Stats(0, 0, 0, 0, 3, 2));
  }

  @Test
  void aFailedStart_pausesTheStarts_once_untilResumed() {
    inventory.reserveStarts(1, 1);
    assertThat(inventory.placeStarted(null)).isEqualTo(PoolInventory.Placed.idle());
    assertThat(inventory.pauseStarts()).isTrue();
    assertThat(inventory.pauseStarts()).isFalse();
    assertThat(inventory.reserveStarts(1, 1)).isZero();
    inventory.resumeStarts();
    assertThat(inventory.reserveStarts(1, 1)).isEqualTo(1);
    assertThat(inventory.stats().created()).isZero();
  }

  @Test
  void closing_handsOverTheIdleFirst_thenTheBorrowed_andTheWaiting() {
    inventory.reserveStarts(2, 3);
    start("a", "b");
    inventory.takeOrQueue();
    inventory.takeOrQueue();
    CompletableFuture<String> waiter = inventory.takeOrQueue().queued();
    assertThat(inventory.placeReturned("b").waiter()).isSameAs(waiter);
    CompletableFuture<String> still = inventory.takeOrQueue().queued();
    PoolInventory.Emptied<String> emptied = inventory.close();
    assertThat(emptied.sessions()).containsExactlyInAnyOrder("a", "b");
    assertThat(emptied.waiters()).containsExactly(still);
    assertThat(waiter).as("completed by the caller, not the inventory").isNotDone();
  }

  @Test
  void closing_isOnce_andNothingComesBackIn() {
    inventory.reserveStarts(1, 2);
    start("a");
    inventory.takeOrQueue();
    inventory.takeOrQueue();
    assertThat(inventory.reserveStarts(1, 2)).isEqualTo(1);
    PoolInventory.Emptied<String> emptied = inventory.close();
    assertThat(emptied.sessions()).containsExactly("a");
    assertThat(emptied.waiters()).hasSize(1);
    assertThat(inventory.close()).isNull();
    assertThat(inventory.takeOrQueue()).isNull();
    assertThat(inventory.placeReturned("a")).isEqualTo(PoolInventory.Placed.closed());
    assertThat(inventory.placeStarted("b")).isEqualTo(PoolInventory.Placed.closed());
    assertThat(inventory.reserveStarts(1, 2)).isZero();
    assertThat(inventory.stats()).isEqualTo(new SessionPool.Stats(0, 0, 0, 0, 2, 0));
  }
}
