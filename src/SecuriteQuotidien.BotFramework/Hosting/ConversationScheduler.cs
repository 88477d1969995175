using System.Threading.Channels;

namespace SecuriteQuotidien.BotFramework.Hosting;

/// <summary>
/// Fair queuing of turns: one FIFO sub-queue per conversation, bounded per conversation and in total, served
/// round-robin by the workers, one turn of a conversation at a time (so a conversation keeps its order). A
/// conversation sending a flood fills only its own sub-queue; every other conversation waits at most one turn
/// per busy conversation ahead of it, not behind the flood.
/// </summary>
/// <remarks>
/// A caller first reserves a place (<see cref="TryReserve"/>: nothing written anywhere when it is refused), then
/// either fills it (<see cref="Add"/>) or gives it back (<see cref="Cancel"/>). Memory is bounded by the total
/// capacity; a conversation's entry is dropped as soon as it has nothing queued, reserved or running.
/// </remarks>
internal sealed class ConversationScheduler<T>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    private readonly Channel<Conversation> _ready = Channel.CreateUnbounded<Conversation>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly int _capacity;
    private readonly int _perConversation;
    private int _count;

    public ConversationScheduler(int capacity, int perConversation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perConversation, 1);
        _capacity = capacity;
        _perConversation = perConversation;
    }

    /// <summary>Turns reserved, queued or running.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Places left before <see cref="TryReserve"/> refuses for want of total capacity.</summary>
    public int FreePlaces
    {
        get
        {
            lock (_gate)
            {
                return _capacity - _count;
            }
        }
    }

    /// <summary>False when the conversation's sub-queue or the whole queue is full.</summary>
    public bool TryReserve(string conversation)
    {
        lock (_gate)
        {
            if (_count >= _capacity)
            {
                return false;
            }
            if (!_conversations.TryGetValue(conversation, out var entry))
            {
                entry = new Conversation(conversation);
                _conversations.Add(conversation, entry);
            }
            else if (entry.Load >= _perConversation)
            {
                return false;
            }
            entry.Reserved++;
            _count++;
            return true;
        }
    }

    /// <summary>Gives back a place reserved and not used.</summary>
    public void Cancel(string conversation)
    {
        lock (_gate)
        {
            var entry = _conversations[conversation];
            entry.Reserved--;
            _count--;
            ForgetIfIdle(entry);
        }
    }

    /// <summary>Queues a turn in a place reserved for its conversation.</summary>
    public void Add(string conversation, T item)
    {
        lock (_gate)
        {
            var entry = _conversations[conversation];
            entry.Reserved--;
            entry.Items.Enqueue(item);
            MakeReady(entry);
        }
    }

    /// <summary>The next turn, round-robin over the conversations that have one and none running.</summary>
    public async ValueTask<Turn> TakeAsync(CancellationToken cancellationToken)
    {
        var entry = await _ready.Reader.ReadAsync(cancellationToken);
        lock (_gate)
        {
            entry.IsReady = false;
            entry.IsRunning = true;
            return new Turn(entry, entry.Items.Dequeue());
        }
    }

    /// <summary>Ends a turn taken with <see cref="TakeAsync"/>: its conversation goes to the back of the line if it has more.</summary>
    public void Finish(Turn turn)
    {
        lock (_gate)
        {
            var entry = turn.Conversation;
            entry.IsRunning = false;
            _count--;
            if (entry.Items.Count > 0)
            {
                MakeReady(entry);
            }
            else
            {
                ForgetIfIdle(entry);
            }
        }
    }

    private void MakeReady(Conversation entry)
    {
        if (!entry.IsRunning && !entry.IsReady)
        {
            entry.IsReady = true;
            _ready.Writer.TryWrite(entry);
        }
    }

    private void ForgetIfIdle(Conversation entry)
    {
        if (entry.Load == 0)
        {
            _conversations.Remove(entry.Key);
        }
    }

    public readonly record struct Turn(Conversation Conversation, T Item);

    internal sealed class Conversation(string key)
    {
        public string Key { get; } = key;
        public Queue<T> Items { get; } = new();
        public int Reserved { get; set; }
        public bool IsRunning { get; set; }
        public bool IsReady { get; set; }

        public int Load => Items.Count + Reserved + (IsRunning ? 1 : 0);
    }
}
