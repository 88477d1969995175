using System.Text.RegularExpressions;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Bot.Tests;

/// <summary>
/// The layout of the bot project tells its architecture: a feature folder imports the infrastructure folders
/// (the turn kernel and its ports, routing, hosting, delivery, observability, the card kit) and the Domain,
/// Storage and BotFramework projects, never another feature folder; and only Storage talks to Azure.
/// </summary>
public sealed partial class ArchitectureTests
{
    public static readonly IReadOnlyList<string> Features =
    [
        "Help", "Admin", "Intake", "IssueCard", "Referent", "MyReports", "Worklist", "Reminders", "Status", "Export", "Meetings",
        "Diagnostics", "Privacy", "DevClock", "DemoRoles",
    ];

    public static readonly IReadOnlyList<string> Infrastructure = ["Turns", "Commands", "Hosting", "Delivery", "Observability", "Cards"];

    private static string BotRoot => RepoPaths.Combine("src", "SecuriteQuotidien.Bot");

    [Fact]
    public void Every_folder_of_the_bot_is_a_feature_or_infrastructure()
    {
        var folders = Directory.GetDirectories(BotRoot).Select(Path.GetFileName).OfType<string>()
            .Where(name => name is not ("bin" or "obj" or "Properties") && Directory.EnumerateFiles(Path.Combine(BotRoot, name), "*.cs", SearchOption.AllDirectories).Any())
            .ToList();

        Assert.NotEmpty(folders);
        Assert.All(folders, folder => Assert.True(Features.Contains(folder) || Infrastructure.Contains(folder),
            $"src/SecuriteQuotidien.Bot/{folder} is neither a feature nor an infrastructure folder: add it to one list of {nameof(ArchitectureTests)}."));
    }

    [Fact]
    public void A_feature_folder_imports_no_other_feature_folder()
    {
        var typesOf = Features.ToDictionary(f => f, TypesDeclaredIn);
        var problems = new List<string>();
        foreach (var feature in Features)
        {
            foreach (var (file, code) in SourcesOf(feature))
            {
                foreach (var other in Features.Where(f => f != feature))
                {
                    problems.AddRange(ReferencesTo(other, typesOf[other], code).Select(r => $"{file}: {r}"));
                }
            }
        }

        Assert.True(problems.Count == 0, "Feature folders must not depend on each other (use a port of Turns/Ports):\n" + string.Join("\n", problems));
    }

    [Fact]
    public void No_feature_folder_names_Azure()
    {
        var problems = Features.SelectMany(feature => SourcesOf(feature)
            .SelectMany(source => AzureName().Matches(source.Code).Select(m => $"{source.File}: {m.Value}")))
            .ToList();

        Assert.True(problems.Count == 0,
            "Only Storage (and the composition: Program, Observability) name Azure; features ask Storage what is transient:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_checks_see_a_dependency_written_any_way()
    {
        string[] types = ["IntakeCards", "IntakeForm"];

        Assert.NotEmpty(ReferencesTo("Intake", types, "using SecuriteQuotidien.Bot.Intake;"));
        Assert.NotEmpty(ReferencesTo("Intake", types, "using static SecuriteQuotidien.Bot.Intake.IntakeCards;"));
        Assert.NotEmpty(ReferencesTo("Intake", types, "using Cards = SecuriteQuotidien.Bot.Intake.IntakeCards;"));
        Assert.NotEmpty(ReferencesTo("Intake", types, "var verb = SecuriteQuotidien.Bot.Intake.IntakeCards.StartVerb;"));
        Assert.NotEmpty(ReferencesTo("Intake", types, "var verb = Intake.IntakeCards.StartVerb;"));
        Assert.NotEmpty(ReferencesTo("Intake", types, "namespace SecuriteQuotidien.Bot.Intake;"));
        Assert.Empty(ReferencesTo("Intake", types, "using SecuriteQuotidien.Bot.IntakeTools; var x = form.Intake.IntakeForm;"));
        Assert.Empty(AzureName().Matches("var x = MyAzure.Thing; // the Azure SDK retries"));
        Assert.Equal(2, AzureName().Matches("using Azure;\ncatch (Azure.RequestFailedException) { }").Count);
    }

    /// <summary>The ways <paramref name="code"/> may name the feature <paramref name="feature"/>, which declares <paramref name="types"/>.</summary>
    private static IEnumerable<string> ReferencesTo(string feature, IReadOnlyCollection<string> types, string code)
    {
        var qualified = new Regex($@"\bSecuriteQuotidien\.Bot\.{feature}\b(?=\s*[.;])");
        foreach (Match match in qualified.Matches(code))
        {
            yield return LineAt(code, match.Index);
        }
        // Inside namespace SecuriteQuotidien.Bot.X, "Intake.IntakeCards" names SecuriteQuotidien.Bot.Intake.IntakeCards.
        if (types.Count > 0)
        {
            var relative = new Regex($@"(?<![\w.]){feature}\.({string.Join('|', types)})\b");
            foreach (Match match in relative.Matches(code))
            {
                yield return LineAt(code, match.Index);
            }
        }
    }

    private static string LineAt(string code, int index)
    {
        var start = code.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var end = code.IndexOf('\n', index);
        return code[start..(end < 0 ? code.Length : end)].Trim();
    }

    private static IReadOnlyList<string> TypesDeclaredIn(string feature) =>
        [.. SourcesOf(feature).SelectMany(s => TypeDeclaration().Matches(s.Code).Select(m => m.Groups[1].Value)).Distinct()];

    private static IEnumerable<(string File, string Code)> SourcesOf(string folder)
    {
        var path = Path.Combine(BotRoot, folder);
        if (!Directory.Exists(path))
        {
            return [];
        }
        return Directory.EnumerateFiles(path, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(RepoPaths.Root, f), File.ReadAllText(f)));
    }

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"(?<![\w.])Azure\s*[.;]")]
    private static partial Regex AzureName();
}
