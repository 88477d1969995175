using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SecuriteQuotidien.Bot.Privacy;
using SecuriteQuotidien.Bot.Referent;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Turns.Ports;
using SecuriteQuotidien.Domain.Audit;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Privacy;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests.Privacy;

/// <summary>"Masquer un passage" on the root card: what the partner sees, what the police keep, who may do it.</summary>
public sealed class MaskPassageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Description = "M. Dupont et son chien bloquent le hall B tous les soirs, appelez-le au 06 12 34 56 78.";
    private PrivacyHost _host = null!;

    public async Task InitializeAsync() => _host = await PrivacyHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<JsonObject> MaskAsync(Issue issue, string who, string passage) =>
        _host.As(who).InvokeAsync(ActionIds.Issue.MaskSubmit, new JsonObject(IssueRef.Of(issue).ToData().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())))
        {
            [MaskPassageFeature.PassageField] = passage,
        });

    [Fact]
    public async Task The_referent_masks_a_passage_the_partner_sees_it_masked_and_the_police_see_the_original_with_a_marker()
    {
        var issue = await _host.NewIssueAsync(Description, effect: "M. Dupont fait peur aux résidents.");
        var root = await _host.As(DemoPeople.GapReferent).InvokeAsync(ActionIds.Issue.Refresh, IssueRef.Of(issue).ToData());
        Assert.Contains(ActionIds.Issue.Mask, CardClient.AllText(CardClient.CardOf(root)), StringComparison.Ordinal);

        var form = CardClient.CardOf(await _host.As(DemoPeople.GapReferent).InvokeAsync(ActionIds.Issue.Mask, IssueRef.Of(issue).ToData()));
        var found = CardClient.Descendants(form).Single(e => e["id"]?.GetValue<string>() == MaskPassageFeature.FoundField);
        Assert.Contains(found["choices"]!.AsArray(), c => c!["value"]!.GetValue<string>() == "M. Dupont");

        var card = CardClient.CardOf(await MaskAsync(issue, DemoPeople.GapReferent, "M. Dupont"));

        var stored = await _host.ReadAsync(issue);
        Assert.Equal("[masqué] et son chien bloquent le hall B tous les soirs, appelez-le au 06 12 34 56 78.", stored.Description);
        Assert.Equal("[masqué] fait peur aux résidents.", stored.Effect);
        var text = CardClient.AllText(card);
        Assert.Contains(PassageMasking.Marker("M. Dupont"), text, StringComparison.Ordinal);
        Assert.Contains("ne sont visibles que de la police", text, StringComparison.Ordinal);

        var layer = await _host.Services.GetRequiredService<IPoliceOnlyTextStore>().GetAsync(issue.Number, CancellationToken.None);
        Assert.Equal(Description, layer!.OriginalDescription);
        Assert.Equal(["M. Dupont"], layer.MaskedPassages);

        var timeline = await _host.Events.ListAsync(issue.Number, partnerVisibleOnly: false, CancellationToken.None);
        var masked = Assert.Single(timeline, e => e.Kind == IssueEventKind.NoteAdded);
        Assert.Equal((DemoPeople.GapReferent, EventVisibility.PoliceOnly, MaskPassageFeature.EventText), (masked.ActorObjectId, masked.Visibility, masked.Payload));
        Assert.DoesNotContain(timeline, e => e.Payload?.Contains("Dupont", StringComparison.Ordinal) == true);
        var partnerView = await _host.Events.ListAsync(issue.Number, partnerVisibleOnly: true, CancellationToken.None);
        Assert.DoesNotContain(partnerView, e => e.Kind == IssueEventKind.NoteAdded);

        var audit = await _host.AuditTodayAsync();
        var entry = Assert.Single(audit, e => e.Action == AuditAction.IssueMasked);
        Assert.Equal((DemoPeople.GapReferent, issue.Number.ToString()), (entry.ActorObjectId, entry.IssueNumber));
        Assert.DoesNotContain(audit, e => $"{e.Scope}{e.Detail}".Contains("Dupont", StringComparison.Ordinal));

        // A second passage adds to the first; the phone number is masked too.
        await MaskAsync(issue, DemoPeople.GapReferent, "06 12 34 56 78");
        Assert.Equal("[masqué] et son chien bloquent le hall B tous les soirs, appelez-le au [masqué].", (await _host.ReadAsync(issue)).Description);
    }

    [Fact]
    public async Task A_passage_not_in_the_text_is_refused_with_the_typed_text_kept()
    {
        var issue = await _host.NewIssueAsync(Description);
        var card = CardClient.CardOf(await MaskAsync(issue, DemoPeople.GapReferent, "Mme Martin"));
        Assert.Equal(MaskPassageFeature.NotFound, CardClient.Errors(card)[MaskPassageFeature.PassageField]);
        Assert.Equal("Mme Martin", CardClient.Inputs(card)[MaskPassageFeature.PassageField]);
        Assert.Equal(Description, (await _host.ReadAsync(issue)).Description);
    }

    [Theory]
    [InlineData(DemoPeople.Partner)]
    [InlineData(DemoPeople.BrianconReferent)]
    public async Task Only_the_sector_police_may_mask(string who)
    {
        var issue = await _host.NewIssueAsync(Description);
        var response = await MaskAsync(issue, who, "M. Dupont");
        Refusals.AssertRefused(response["value"]?.GetValue<string>());
        Assert.Equal(Description, (await _host.ReadAsync(issue)).Description);
        Assert.Null(await _host.Services.GetRequiredService<IPoliceOnlyTextStore>().GetAsync(issue.Number, CancellationToken.None));
    }

    [Fact]
    public async Task The_mask_form_and_the_marked_root_card_parse_in_the_official_parser()
    {
        var issue = await _host.NewIssueAsync(Description);
        var form = CardClient.CardOf(await _host.As(DemoPeople.GapReferent).InvokeAsync(ActionIds.Issue.Mask, IssueRef.Of(issue).ToData()));
        var error = CardClient.CardOf(await MaskAsync(issue, DemoPeople.GapReferent, "absent"));
        var marked = CardClient.CardOf(await MaskAsync(issue, DemoPeople.GapReferent, "M. Dupont"));
        var verdicts = await CardValidator.ValidateAsync(new Dictionary<string, string>
        {
            ["mask-form"] = form.ToJsonString(),
            ["mask-error"] = error.ToJsonString(),
            ["root-marked"] = marked.ToJsonString(),
        });
        Assert.All(verdicts, v => Assert.True(v.Ok, $"{v.File}: {string.Join("; ", v.Errors)}"));
    }
}
