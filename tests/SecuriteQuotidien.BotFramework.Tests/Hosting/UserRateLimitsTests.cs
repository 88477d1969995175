using Microsoft.Extensions.Options;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.BotFramework.Schema;

namespace SecuriteQuotidien.BotFramework.Tests.Hosting;

public sealed class UserRateLimitsTests
{
    private static Activity From(string type, string? objectId, string id = "29:1user") => new()
    {
        Type = type,
        From = new ChannelAccount { Id = id, AadObjectId = objectId },
    };

    private static UserRateLimits Limits(int messages = 3, int invokes = 2) => new(Options.Create(new BotEndpointOptions
    {
        UserMessageLimit = messages,
        UserInvokeLimit = invokes,
        UserLimitWindow = TimeSpan.FromHours(1),
    }));

    [Fact]
    public void Messages_over_the_limit_are_refused_and_the_user_is_told_once_per_window()
    {
        using var limits = Limits();

        var verdicts = Enumerable.Range(0, 6).Select(_ => limits.Check(From("message", "oid-a"))).ToList();

        Assert.Equal([RateVerdict.Allowed, RateVerdict.Allowed, RateVerdict.Allowed, RateVerdict.RefusedWithNotice, RateVerdict.RefusedSilently,
            RateVerdict.RefusedSilently], verdicts);
    }

    [Fact]
    public void Each_user_has_their_own_limit_keyed_by_object_id_whatever_the_channel_account()
    {
        using var limits = Limits(messages: 1);
        Assert.Equal(RateVerdict.Allowed, limits.Check(From("message", "OID-A", id: "29:1first")));
        // The same Entra user behind another channel account id shares the limit (ids are compared case-blind).
        Assert.NotEqual(RateVerdict.Allowed, limits.Check(From("message", "oid-a", id: "29:1second")));

        Assert.Equal(RateVerdict.Allowed, limits.Check(From("message", "oid-b")));
        // Without an object id, the channel account id is the key.
        Assert.Equal(RateVerdict.Allowed, limits.Check(From("message", null, id: "29:1guest")));
        Assert.NotEqual(RateVerdict.Allowed, limits.Check(From("message", null, id: "29:1guest")));
    }

    [Fact]
    public void Invokes_have_their_own_limit_and_every_refusal_is_answered()
    {
        using var limits = Limits(messages: 1, invokes: 2);
        Assert.Equal(RateVerdict.Allowed, limits.Check(From("message", "oid-a")));

        var verdicts = Enumerable.Range(0, 4).Select(_ => limits.Check(From("invoke", "oid-a"))).ToList();

        Assert.Equal([RateVerdict.Allowed, RateVerdict.Allowed, RateVerdict.RefusedWithNotice, RateVerdict.RefusedWithNotice], verdicts);
    }

    [Fact]
    public void Membership_events_from_teams_are_never_limited()
    {
        using var limits = Limits(messages: 1);
        limits.Check(From("message", "oid-a"));

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal(RateVerdict.Allowed, limits.Check(From("conversationUpdate", "oid-a"))));
        Assert.Equal(RateVerdict.Allowed, limits.Check(From("installationUpdate", "oid-a")));
    }

    [Fact]
    public void The_notices_are_french_and_name_the_window()
    {
        using var limits = new UserRateLimits(Options.Create(new BotEndpointOptions()));

        Assert.Equal("Vous envoyez trop de demandes : patientez une minute avant de réessayer.", limits.Notice(From("invoke", "oid")));
        Assert.StartsWith("Vous m'envoyez trop de messages : je ne traite pas les suivants pendant une minute.", limits.Notice(From("message", "oid")),
            StringComparison.Ordinal);
        Assert.Equal("2 minutes", UserRateLimits.Duration(TimeSpan.FromMinutes(2)));
        Assert.Equal("90 secondes", UserRateLimits.Duration(TimeSpan.FromSeconds(90)));
        Assert.Equal("une seconde", UserRateLimits.Duration(TimeSpan.FromSeconds(1)));
    }
}
