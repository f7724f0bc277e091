using Evaluation.Shared.Resources;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>The two refusals every page that records a project's work gives on its own page, in words.</summary>
public static class ProjectRefusals
{
    /// <summary>The project moved past the stage where this may change (<see cref="Evaluation.Shared.Projects.Locks"/>).</summary>
    public static PageResult Locked(this PageModel page, IStringLocalizer<Texts> texts, string stage)
    {
        page.ModelState.AddModelError("", texts["LaterStages.Locked", texts[$"Stage.{stage}"]]);
        return page.Page();
    }

    /// <summary>A commissioned institution's staff before the agency approved its team and plan (Art. 18,
    /// <see cref="InstitutionAccess"/>); null when the user may record.</summary>
    public static PageResult? WaitingForApproval(this PageModel page, IStringLocalizer<Texts> texts, ProjectHead project)
    {
        if (!page.User.WaitsForApproval(project)) return null;
        page.ModelState.AddModelError("", texts["Institution.NotApproved", project.AgencyName]);
        return page.Page();
    }
}
