using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Issues;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Domain.Diagnostics;

/// <summary>
/// What partners may see. An issue of a restricted category (department file <c>categories[].restricted</c>,
/// "trafic-stupefiants" in Hautes-Alpes) is never shown to a partner in a diagnostic, an agenda or an
/// export; an unknown category counts as restricted (fail closed).
/// </summary>
public sealed class PartnerConfidentiality(IDirectory directory)
{
    private readonly IDirectory _directory = directory ?? throw new ArgumentNullException(nameof(directory));

    public bool IsVisibleToPartners(string categoryId) => _directory.FindCategory(categoryId) is { Restricted: false };

    public bool IsVisibleToPartners(Issue issue) => IsVisibleToPartners(issue.CategoryId);

    public bool IsVisibleToPartners(IssueSnapshot issue) => IsVisibleToPartners(issue.CategoryId);

    public bool IsVisibleToPartners(IssueFacts issue) => IsVisibleToPartners(issue.CategoryId);

    public bool IsVisibleToPartners(LinkedIssue issue) => IsVisibleToPartners(issue.CategoryId);

    /// <summary>A partner-owned action; police-owned actions are operational police business.</summary>
    public static bool IsVisibleToPartners(DiagnosticAction action) => !action.IsPoliceOwned;

    public static bool IsVisibleToPartners(DiagnosticEvent diagnosticEvent) => diagnosticEvent.Visibility == EventVisibility.PartnerVisible;
}
