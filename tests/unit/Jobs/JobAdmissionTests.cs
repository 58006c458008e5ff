using Lipsync.Jobs;
using Lipsync.Jobs.Processing;
using Microsoft.Extensions.Options;

namespace Lipsync.UnitTests.Jobs;

public sealed class JobAdmissionTests
{
    private static JobAdmission Admission(int perAccount = 2, int budgetMb = 100) =>
        new(Options.Create(new JobsOptions { MaxConcurrentPerAccount = perAccount, MemoryBudgetMb = budgetMb }));

    [Fact]
    public void An_account_gets_its_share_and_others_are_unaffected()
    {
        using var admission = Admission(perAccount: 2);

        Assert.True(admission.TryEnterAccount("acme"));
        Assert.True(admission.TryEnterAccount("acme"));
        Assert.False(admission.TryEnterAccount("acme"));
        Assert.True(admission.TryEnterAccount("beta"));

        admission.LeaveAccount("acme");
        Assert.True(admission.TryEnterAccount("acme"));
    }

    [Fact]
    public async Task Memory_is_reserved_until_released_and_waiters_then_proceed()
    {
        using var admission = Admission(budgetMb: 100);
        var first = await admission.ReserveMemoryAsync(60L << 20, CancellationToken.None);

        var second = admission.ReserveMemoryAsync(60L << 20, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(second.IsCompleted);
        Assert.Equal(60L << 20, admission.ReservedBytes);

        first.Dispose();
        using var granted = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(60L << 20, admission.ReservedBytes);
    }

    [Fact]
    public async Task A_job_larger_than_the_budget_still_runs_alone()
    {
        using var admission = Admission(budgetMb: 100);

        using var huge = await admission.ReserveMemoryAsync(admission.CostOf(2L << 30), CancellationToken.None);

        Assert.Equal(admission.BudgetBytes, admission.ReservedBytes);
    }

    [Fact]
    public async Task A_waiting_reservation_honours_cancellation()
    {
        using var admission = Admission(budgetMb: 100);
        using var held = await admission.ReserveMemoryAsync(90L << 20, CancellationToken.None);
        using var cancel = new CancellationTokenSource(200);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => admission.ReserveMemoryAsync(20L << 20, cancel.Token));
    }

    [Theory]
    [InlineData(1L << 20, (1L << 20) + (8L << 20))]
    [InlineData(32L << 20, (32L << 20) + (96L << 20))]
    [InlineData(1L << 30, (64L << 20) + (512L << 20))]
    public void The_cost_follows_the_input_within_bounds(long input, long cost)
    {
        using var admission = Admission(budgetMb: 1024);

        Assert.Equal(cost, admission.CostOf(input));
    }
}
