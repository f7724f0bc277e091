using System.Threading.Channels;
using Evaluation.Shared.Data;

namespace Evaluation.Tests.Scale;

/// <summary>JoinedReads: callers that arrive together share one read, and nobody is answered by a read that began
/// before they asked. The reads here are held open by the test, so every interleaving is chosen, not waited for.</summary>
public class JoinedReadsTests
{
    /// <summary>A read of a key that the test ends with a value or an error.</summary>
    private sealed record Pending(string Key, TaskCompletionSource<int> Answer);

    private static (JoinedReads<string, int> Reads, ChannelReader<Pending> Started) Held()
    {
        var started = Channel.CreateUnbounded<Pending>();
        var reads = new JoinedReads<string, int>(key =>
        {
            var answer = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            started.Writer.TryWrite(new Pending(key, answer));
            return answer.Task;
        });
        return (reads, started.Reader);
    }

    [Fact(Timeout = 10_000)]
    public async Task Callers_who_come_while_a_read_runs_get_the_next_read_and_share_it()
    {
        var (reads, started) = Held();
        var first = reads.ReadAsync("c1");
        var running = await started.ReadAsync();
        // Three callers come while the first read runs: what it returns may be older than their asking.
        var later = Enumerable.Range(0, 3).Select(_ => reads.ReadAsync("c1")).ToList();
        running.Answer.SetResult(1);
        Assert.Equal(1, await first);
        var next = await started.ReadAsync();
        Assert.All(later, t => Assert.False(t.IsCompleted));
        next.Answer.SetResult(2);
        Assert.Equal(new[] { 2, 2, 2 }, await Task.WhenAll(later));
        Assert.Equal(2, reads.Reads);
        Assert.Equal(0, reads.Keys);
        Assert.False(started.TryRead(out _));
    }

    [Fact(Timeout = 10_000)]
    public async Task A_failed_read_fails_its_callers_only_and_the_next_caller_reads_again()
    {
        var (reads, started) = Held();
        var first = reads.ReadAsync("c1");
        var running = await started.ReadAsync();
        var second = reads.ReadAsync("c1");
        var third = reads.ReadAsync("c1");
        running.Answer.SetResult(1);
        Assert.Equal(1, await first);
        (await started.ReadAsync()).Answer.SetException(new TimeoutException("database gone"));
        var failed = await Assert.ThrowsAsync<TimeoutException>(() => second);
        Assert.Equal("database gone", failed.Message);
        Assert.Same(failed, await Assert.ThrowsAsync<TimeoutException>(() => third));
        Assert.Equal(0, reads.Keys);
        // Nothing is kept, not even the failure: a caller after them reads afresh.
        var after = reads.ReadAsync("c1");
        (await started.ReadAsync()).Answer.SetResult(8);
        Assert.Equal(8, await after);
        Assert.Equal(3, reads.Reads);
    }

    [Fact(Timeout = 10_000)]
    public async Task Different_keys_are_read_at_the_same_time_and_apart()
    {
        var (reads, started) = Held();
        var one = reads.ReadAsync("c1");
        var two = reads.ReadAsync("c2");
        var a = await started.ReadAsync();
        var b = await started.ReadAsync();
        Assert.Equal(["c1", "c2"], new[] { a.Key, b.Key }.Order());
        Assert.Equal(2, reads.Keys);
        a.Answer.SetResult(a.Key == "c1" ? 1 : 2);
        b.Answer.SetResult(b.Key == "c1" ? 1 : 2);
        Assert.Equal((1, 2), (await one, await two));
    }
}
