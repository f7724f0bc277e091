namespace Evaluation.Shared.Data;

/// <summary>
/// One read for the callers that arrive together, each answered by a read that began after it arrived (issue 12).
/// A caller who finds no read of its key running starts one; callers who arrive while it runs wait for the next one,
/// which starts as soon as the running one ends and answers all of them. So every caller sees what was committed
/// before it asked, as if it had read by itself, and a crowd asking for the same key costs the database one read at
/// a time instead of one per caller: the busier the site, the more callers share a read.
/// Not a cache: nothing is kept once a key has no caller waiting.
/// </summary>
public sealed class JoinedReads<TKey, TValue>(Func<TKey, Task<TValue>> read) where TKey : notnull
{
    private sealed class Next
    {
        public TaskCompletionSource<TValue>? Waiting;
    }

    /// <summary>The keys being read (a key is here from its first caller until its last read ends).</summary>
    private readonly Dictionary<TKey, Next> _reading = [];

    /// <summary>How many reads have run (for the tests and the benchmark: callers per read).</summary>
    public long Reads => Interlocked.Read(ref _reads);
    private long _reads;

    /// <summary>How many keys are being read at this moment.</summary>
    public int Keys { get { lock (_reading) return _reading.Count; } }

    public Task<TValue> ReadAsync(TKey key)
    {
        TaskCompletionSource<TValue> waiting;
        lock (_reading)
        {
            if (_reading.TryGetValue(key, out var next))
                // RunContinuationsAsynchronously: the reading loop hands each caller its answer without running its rest.
                return (next.Waiting ??= new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            _reading[key] = new Next();
            waiting = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _ = ReadWhileWaitedForAsync(key, waiting);
        return waiting.Task;
    }

    private async Task ReadWhileWaitedForAsync(TKey key, TaskCompletionSource<TValue> callers)
    {
        while (true)
        {
            Interlocked.Increment(ref _reads);
            TValue value = default!;
            Exception? error = null;
            try
            {
                value = await read(key);
            }
            catch (Exception e)
            {
                error = e;
            }
            // Who came while it ran is settled before its callers are answered: nothing of the key is left once they
            // have their answer, unless someone is waiting for the next read.
            TaskCompletionSource<TValue>? next;
            lock (_reading)
            {
                var entry = _reading[key];
                next = entry.Waiting;
                entry.Waiting = null;
                if (next is null) _reading.Remove(key);
            }
            if (error is null) callers.SetResult(value);
            else callers.SetException(error);
            if (next is null) return;
            callers = next;
        }
    }
}
