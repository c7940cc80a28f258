package dev.mlops.core.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuBudgetTest {

    @Test
    void halfACoreOwesAsMuchRestAsItWorked() {
        CpuBudget budget = new CpuBudget(0.5);
        budget.worked(1_000_000);
        assertThat(budget.owed()).isEqualTo(1_000_000);
        assertThat(budget.pause()).as("a small debt is carried").isZero();
        budget.worked(4_000_000);
        assertThat(budget.pause()).isEqualTo(5_000_000);
    }

    @Test
    void aQuarterOwesThreeTimesItsWork() {
        CpuBudget budget = new CpuBudget(0.25);
        budget.worked(10_000_000);
        assertThat(budget.owed()).isEqualTo(30_000_000);
    }

    @Test
    void waitingPaysTheDebtAndNoMore() {
        CpuBudget budget = new CpuBudget(0.5);
        budget.worked(10_000_000);
        budget.rested(4_000_000);
        assertThat(budget.owed()).isEqualTo(6_000_000);
        budget.rested(60_000_000);
        assertThat(budget.owed()).as("rest is not saved up for later bursts").isZero();
        assertThat(budget.pause()).isZero();
    }

    @Test
    void aPauseIsBounded() {
        CpuBudget budget = new CpuBudget(0.1);
        budget.worked(1_000_000_000);
        assertThat(budget.pause()).isEqualTo(CpuBudget.LONGEST_PAUSE);
    }

    @Test
    void aWholeCoreNeverPauses() {
        CpuBudget budget = new CpuBudget(1);
        budget.worked(Long.MAX_VALUE / 2);
        assertThat(budget.pause()).isZero();
    }

    @Test
    void aShareOutsideZeroToOneIsRefused() {
        for (double share : new double[] {0, -1, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> new CpuBudget(share)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
