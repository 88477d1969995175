using System.Text;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.BotFramework.Cards;
using SecuriteQuotidien.Testing;
using SecuriteQuotidien.Testing.Hosting;

namespace SecuriteQuotidien.Bot.Tests.Rights;

/// <summary>The action table against the cards (every verb a card offers is declared) and against docs/droits.md.</summary>
public sealed class RightsTableTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string TableStart = "<!-- table-des-actions:début -->";
    private const string TableEnd = "<!-- table-des-actions:fin -->";

    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(azurite);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Every_verb_a_card_offers_is_declared_in_the_action_table()
    {
        var table = _host.Get<ActionTable>();
        var offered = CardCatalogTests.Everything()
            .SelectMany(card => VerbsOf(card.Value.ToJsonElement().GetRawText()).Select(verb => (Card: card.Key, Verb: verb)))
            .ToList();
        Assert.NotEmpty(offered);
        var undeclared = offered.Where(o => table.FindVerb(o.Verb) is null).Select(o => $"{o.Card}: {o.Verb}").Distinct().ToList();
        Assert.True(undeclared.Count == 0, "Verbs offered by cards but not declared: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void The_check_sees_buttons_fallbacks_and_refreshes()
    {
        var card = """
            {"body":[{"type":"ActionSet","actions":[{"type":"Action.Execute","verb":"a","fallback":{"type":"Action.Submit","data":{"verb":"b"}}}]}],
             "refresh":{"action":{"type":"Action.Execute","verb":"c"}}}
            """;
        Assert.Equal(["a", "b", "c"], VerbsOf(card).Order());
    }

    [Fact]
    public void The_rights_table_of_the_docs_is_the_code_s()
    {
        var doc = File.ReadAllText(RepoPaths.Combine("docs", "droits.md"));
        var start = doc.IndexOf(TableStart, StringComparison.Ordinal);
        var end = doc.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/droits.md has no {TableStart} … {TableEnd} section");
        var documented = doc[(start + TableStart.Length)..end].Trim();
        var expected = Render(_host.Get<ActionTable>());
        Assert.True(documented == expected, "docs/droits.md disagrees with the action table; the table of the code is:\n" + expected);
    }

    /// <summary>The action table as the docs show it, one line per action, sorted.</summary>
    public static string Render(ActionTable table)
    {
        var text = new StringBuilder();
        text.AppendLine("| action | type | public | porte sur |");
        text.Append("|---|---|---|---|");
        foreach (var declaration in table.Declarations.OrderBy(d => d.Kind).ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            var id = declaration.Kind == ActionKind.Command ? table.Commands.Commands.Single(c => c.Id == declaration.Id).Title : declaration.Id;
            text.AppendLine().Append(FormattableString.Invariant(
                $"| `{id}` | {KindOf(declaration)} | {AudienceOf(declaration.Audience)} | {TargetOf(declaration.Target)} |"));
        }
        return text.ToString();
    }

    private static string KindOf(ActionDeclaration declaration) => declaration.Kind switch
    {
        ActionKind.Command => declaration.AnswerInPlace ? "commande (réponse sur place)"
            : declaration.AnswerInPlaceWhen is not null ? "commande (version partagée sur place)" : "commande",
        ActionKind.Verb => "bouton",
        _ => "événement",
    };

    private static string AudienceOf(Audience audience)
    {
        if (audience.HasFlag(Audience.Anyone))
        {
            return "tout le monde";
        }
        var names = new List<string>();
        void Add(Audience flag, string name)
        {
            if (audience.HasFlag(flag))
            {
                names.Add(name);
            }
        }
        Add(Audience.Owner, "partenaire auteur");
        Add(Audience.Partner, "partenaires");
        Add(Audience.SectorPartner, "partenaires du secteur");
        Add(Audience.ConversationMember, "membres du canal de la carte");
        Add(Audience.SectorPolice, "référent et adjoint du secteur");
        Add(Audience.Commissioner, "commissaire");
        Add(Audience.Administrator, "administrateurs");
        return string.Join(", ", names);
    }

    private static string TargetOf(TargetKind target) => target switch
    {
        TargetKind.Issue => "signalement",
        TargetKind.Diagnostic => "diagnostic",
        TargetKind.DiagnosticAction => "action d'un plan",
        TargetKind.Sector => "secteur",
        _ => "—",
    };

    private static List<string> VerbsOf(string cardJson)
    {
        var verbs = new List<string>();
        void Visit(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["type"]?.GetValue<string>() == "Action.Execute" && obj["verb"] is JsonValue verb)
                    {
                        verbs.Add(verb.GetValue<string>());
                    }
                    if (obj["type"]?.GetValue<string>() == "Action.Submit" && obj["data"]?["verb"] is JsonValue fallback)
                    {
                        verbs.Add(fallback.GetValue<string>());
                    }
                    foreach (var (_, child) in obj)
                    {
                        Visit(child);
                    }
                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        Visit(child);
                    }
                    break;
            }
        }
        Visit(JsonNode.Parse(cardJson));
        return verbs;
    }
}
