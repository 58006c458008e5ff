using Lipsync.Api.Admission;

namespace Lipsync.UnitTests.Api.Admission;

public sealed class AdmissionGateTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(5);

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Under_the_target_nothing_is_refused()
    {
        var gate = new AdmissionGate(Target);

        for (var t = 0; t < 2000; t++)
        {
            Assert.False(gate.ShouldRefuse(Ms(4.9), Ms(t), draw: 0));
        }

        Assert.False(gate.Shedding);
    }

    [Fact]
    public void A_pause_shorter_than_the_sustain_time_refuses_nothing()
    {
        var gate = new AdmissionGate(Target);

        // A 45 ms stall (a GC pause, a descheduled VM): the delay is far over the target, but not for long.
        for (var t = 100.0; t < 145; t += 0.5)
        {
            Assert.False(gate.ShouldRefuse(Ms(50), Ms(t), draw: 0));
        }

        Assert.False(gate.ShouldRefuse(Ms(0.1), Ms(146), draw: 0));
        Assert.False(gate.ShouldRefuse(Ms(50), Ms(147), draw: 0));
        Assert.False(gate.Shedding);
    }

    [Fact]
    public void A_standing_queue_starts_shedding_a_share_that_grows_with_the_delay()
    {
        var gate = new AdmissionGate(Target);
        gate.ShouldRefuse(Ms(6), Ms(0), draw: 0.99);
        Assert.False(gate.Shedding);

        gate.ShouldRefuse(Ms(6), Ms(49), draw: 0.99);
        Assert.False(gate.Shedding);
        gate.ShouldRefuse(Ms(6), Ms(50), draw: 0.99);
        Assert.True(gate.Shedding);

        // Share refused: (delay - target) / target. 7.5 ms -> half; 10 ms and more -> all.
        Assert.True(gate.ShouldRefuse(Ms(7.5), Ms(51), draw: 0.49));
        Assert.False(gate.ShouldRefuse(Ms(7.5), Ms(52), draw: 0.51));
        Assert.True(gate.ShouldRefuse(Ms(10), Ms(53), draw: 0.999));
        Assert.False(gate.ShouldRefuse(Ms(5.5), Ms(54), draw: 0.2));
    }

    [Fact]
    public void Shedding_ends_after_the_delay_stays_under_the_target_for_the_recovery_time()
    {
        var gate = new AdmissionGate(Target);
        gate.ShouldRefuse(Ms(20), Ms(0), draw: 0);
        Assert.True(gate.ShouldRefuse(Ms(20), Ms(50), draw: 0));

        Assert.False(gate.ShouldRefuse(Ms(1), Ms(55), draw: 0)); // under the target: nothing refused, still on watch
        Assert.True(gate.Shedding);
        Assert.True(gate.ShouldRefuse(Ms(20), Ms(500), draw: 0)); // back over it: refused at once, no new sustain wait

        gate.ShouldRefuse(Ms(1), Ms(600), draw: 0);
        gate.ShouldRefuse(Ms(1), Ms(1599), draw: 0);
        Assert.True(gate.Shedding);
        gate.ShouldRefuse(Ms(1), Ms(1600), draw: 0);
        Assert.False(gate.Shedding);
        Assert.False(gate.ShouldRefuse(Ms(20), Ms(1601), draw: 0)); // a fresh excess needs the sustain time again
    }
}
