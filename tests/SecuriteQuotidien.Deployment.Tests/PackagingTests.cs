using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using SecuriteQuotidien.Testing;

namespace SecuriteQuotidien.Deployment.Tests;

/// <summary>manifest/package.sh: the Teams app package and the checks that refuse a broken one.</summary>
public sealed class PackagingTests : IDisposable
{
    private const string BotId = "3b8f2d6a-91c4-4e57-a0d2-6c1e9f4b7a35";
    private const string BotDomain = "sq-test.azurewebsites.net";
    private const string DemoBotId = "7d3f5b9e-2c41-4a8e-9f06-5b1c8e2d4a73";

    private static readonly string TemplatePath = RepoPaths.Combine("manifest", "manifest.template.json");
    private static readonly string CommandsPath = RepoPaths.Combine("src", "SecuriteQuotidien.Bot", "Commands", "commands.json");
    private static readonly string ColorSvgPath = RepoPaths.Combine("manifest", "icons", "color.svg");
    private static readonly string OutlineSvgPath = RepoPaths.Combine("manifest", "icons", "outline.svg");

    private readonly TempDirectory _temp = new();

    private string ZipPath => _temp.Combine("out/securite-quotidien.zip");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Valid_template_builds_a_zip_with_the_bot_id_both_icons_and_the_bot_commands()
    {
        var result = await PackageAsync(new() { ["BOT_ID"] = BotId, ["BOT_DOMAIN"] = BotDomain });

        Assert.True(result.ExitCode == 0, result.ToString());
        using var zip = ZipFile.OpenRead(ZipPath);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());

        var manifest = ReadManifest(zip);
        Assert.Equal(BotId, (string?)manifest["id"]);
        var bot = manifest["bots"]![0]!;
        Assert.Equal(BotId, (string?)bot["botId"]);
        Assert.Equal(["personal", "team"], bot["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.False((bool)bot["supportsFiles"]!);
        Assert.Contains(BotDomain, manifest["validDomains"]!.AsArray().Select(d => (string?)d));
        Assert.Equal("Sécurité du Quotidien", (string?)manifest["name"]!["short"]);
        Assert.DoesNotContain("${{", manifest.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal((192, 192), PngSize(zip, "color.png"));
        Assert.Equal((32, 32), PngSize(zip, "outline.png"));

        foreach (var scope in new[] { "personal", "team" })
        {
            Assert.Equal(CommandTableFor(scope), ManifestCommandsFor(bot, scope));
        }
    }

    [Fact]
    public async Task Unset_bot_settings_fall_back_to_the_demo_bot_id_and_domain()
    {
        var result = await PackageAsync(new() { ["BOT_ID"] = null, ["BOT_DOMAIN"] = null });

        Assert.True(result.ExitCode == 0, result.ToString());
        using var zip = ZipFile.OpenRead(ZipPath);
        var manifest = ReadManifest(zip);
        Assert.Equal(DemoBotId, (string?)manifest["id"]);
        Assert.Contains("securite-quotidien.example.fr", manifest["validDomains"]!.AsArray().Select(d => (string?)d));
    }

    [Fact]
    public async Task Empty_bot_id_fails_naming_the_missing_id()
    {
        var result = await PackageAsync(new() { ["BOT_ID"] = "" });

        AssertFailed(result, "l'identifiant du bot est manquant : définissez BOT_ID");
    }

    [Fact]
    public async Task Bot_id_that_is_not_a_guid_fails()
    {
        var result = await PackageAsync(new() { ["BOT_ID"] = "securite-quotidien-bot" });

        AssertFailed(result, "BOT_ID « securite-quotidien-bot » n'est pas un GUID");
    }

    [Fact]
    public async Task Domain_with_a_scheme_fails()
    {
        var result = await PackageAsync(new() { ["BOT_DOMAIN"] = "https://sq-test.azurewebsites.net" });

        AssertFailed(result, "BOT_DOMAIN « https://sq-test.azurewebsites.net » n'est pas un nom d'hôte");
    }

    [Fact]
    public async Task Template_without_the_bot_id_placeholder_fails_schema_validation()
    {
        var template = JsonNode.Parse(File.ReadAllText(TemplatePath))!;
        template["bots"]![0]!.AsObject().Remove("botId");
        var brokenTemplate = _temp.Write("manifest.json", template.ToJsonString());

        var result = await PackageAsync(new() { ["MANIFEST_TEMPLATE"] = brokenTemplate });

        AssertFailed(result, "manifeste non conforme au schéma Teams v1.22");
        Assert.Contains("botId", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_title_over_32_characters_fails()
    {
        var longTitle = "signaler un problème dans mon quartier";
        var commands = JsonNode.Parse(File.ReadAllText(CommandsPath))!;
        // A command with no scope never reaches the manifest: lengthen the first one that does.
        commands["commands"]!.AsArray().First(c => c!["scopes"]!.AsArray().Count > 0)!["title"] = longTitle;
        var brokenCommands = _temp.Write("commands.json", commands.ToJsonString());

        var result = await PackageAsync(new() { ["COMMANDS_FILE"] = brokenCommands });

        AssertFailed(result, $"le titre de commande « {longTitle} » fait {longTitle.Length} caractères (32 au plus)");
    }

    [Fact]
    public async Task Command_listed_in_the_template_but_absent_from_the_command_table_fails()
    {
        var template = JsonNode.Parse(File.ReadAllText(TemplatePath))!;
        template["bots"]![0]!["commandLists"] = JsonNode.Parse(
            """[{ "scopes": ["team"], "commands": [{ "title": "aide", "description": "Aide" }, { "title": "tout effacer", "description": "Efface tout" }] }]""");
        var brokenTemplate = _temp.Write("manifest.json", template.ToJsonString());

        var result = await PackageAsync(new() { ["MANIFEST_TEMPLATE"] = brokenTemplate });

        AssertFailed(result, "la commande « tout effacer » (portée team) n'est pas gérée par le bot");
        Assert.DoesNotContain("« aide »", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Colour_icon_of_the_wrong_size_fails()
    {
        var smallIcon = _temp.Write("color.svg",
            File.ReadAllText(ColorSvgPath).Replace("width=\"192\" height=\"192\"", "width=\"100\" height=\"100\"", StringComparison.Ordinal));

        var result = await PackageAsync(new() { ["COLOR_ICON"] = smallIcon });

        AssertFailed(result, "mesure 100×100 pixels au lieu de 192×192");
    }

    [Fact]
    public async Task Outline_icon_that_is_not_white_on_transparent_fails()
    {
        var redIcon = _temp.Write("outline.svg",
            File.ReadAllText(OutlineSvgPath).Replace("#ffffff", "#e1000f", StringComparison.Ordinal));

        var result = await PackageAsync(new() { ["OUTLINE_ICON"] = redIcon });

        AssertFailed(result, "l'icône outline");
        Assert.Contains("doit être blanche sur fond transparent", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("pixels au lieu de", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Colour_icon_given_as_outline_fails_on_size_and_colour()
    {
        var result = await PackageAsync(new() { ["OUTLINE_ICON"] = ColorSvgPath });

        AssertFailed(result, "mesure 192×192 pixels au lieu de 32×32");
        Assert.Contains("doit être blanche sur fond transparent", result.Output, StringComparison.Ordinal);
    }

    private async Task<ToolResult> PackageAsync(Dictionary<string, string?> overrides)
    {
        var environment = new Dictionary<string, string?>
        {
            ["BOT_ID"] = BotId,
            ["BOT_DOMAIN"] = BotDomain,
            ["OUTPUT_DIR"] = _temp.Combine("out"),
        };
        foreach (var (key, value) in overrides)
        {
            environment[key] = value;
        }
        return await ToolRun.RunAsync("bash", [RepoPaths.Combine("manifest", "package.sh")], environment);
    }

    private void AssertFailed(ToolResult result, string expectedMessage)
    {
        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains(expectedMessage, result.Output, StringComparison.Ordinal);
        Assert.Contains("Le paquet Teams n'a pas été créé.", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(ZipPath), "A failed packaging must not leave a zip behind.");
    }

    private static JsonNode ReadManifest(ZipArchive zip)
    {
        using var stream = zip.GetEntry("manifest.json")!.Open();
        return JsonNode.Parse(stream)!;
    }

    private static (int Width, int Height) PngSize(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], header[..4]);
        // The IHDR chunk follows the 8-byte signature: width and height are big-endian at 16 and 20.
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }

    private static List<(string?, string?)> CommandTableFor(string scope) =>
        JsonNode.Parse(File.ReadAllText(CommandsPath))!["commands"]!.AsArray()
            .Where(c => c!["scopes"]!.AsArray().Any(s => (string?)s == scope))
            .Select(c => ((string?)c!["title"], (string?)c["description"]))
            .ToList();

    private static List<(string?, string?)> ManifestCommandsFor(JsonNode bot, string scope) =>
        bot["commandLists"]!.AsArray()
            .Where(list => list!["scopes"]!.AsArray().Any(s => (string?)s == scope))
            .SelectMany(list => list!["commands"]!.AsArray())
            .Select(c => ((string?)c!["title"], (string?)c["description"]))
            .ToList();
}
