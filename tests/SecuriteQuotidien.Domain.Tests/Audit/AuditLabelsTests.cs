using SecuriteQuotidien.Domain.Audit;

namespace SecuriteQuotidien.Domain.Tests.Audit;

public sealed class AuditLabelsTests
{
    [Fact]
    public void Every_action_has_its_own_french_label()
    {
        var labels = Enum.GetValues<AuditAction>().Select(a => a.ToFrench()).ToList();
        Assert.All(labels, l => Assert.DoesNotContain(l, Enum.GetNames<AuditAction>()));
        Assert.Equal(labels.Count, labels.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("consultation d'un signalement", AuditAction.IssueRead.ToFrench());
    }

    [Fact]
    public void Two_events_get_distinct_ids_unless_given_one()
    {
        var at = DateTimeOffset.UnixEpoch;
        AuditEvent Make() => new() { ActorObjectId = AuditEvent.SystemActor, Action = AuditAction.RetentionPurge, OccurredAt = at };
        Assert.NotEqual(Make().Id, Make().Id);
        Assert.Equal("k", (Make() with { Id = "k" }).Id);
    }
}
