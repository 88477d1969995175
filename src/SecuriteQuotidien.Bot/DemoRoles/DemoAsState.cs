using SecuriteQuotidien.Bot.Turns;

namespace SecuriteQuotidien.Bot.DemoRoles;

/// <summary>Body of <c>POST /_dev/as</c>: the person to play (null or empty: stop), and optionally the one Teams user concerned.</summary>
public sealed record DemoAsRequest(string? Person, string? User);

/// <summary>One switch in force: the Teams user (null: every user) and the person they play.</summary>
public sealed record DemoAsSwitch(string? User, PlayablePerson Person);

/// <summary>What <c>/_dev/as</c> answers: who may be played, and who plays whom.</summary>
public sealed record DemoAsState(IReadOnlyList<PlayablePerson> People, IReadOnlyList<DemoAsSwitch> Playing);
