using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Evaluation.Tests.Protection;

/// <summary>
/// Art. 3 scopes in Admin: evaluation staff see and change only the decisions of their own department (and of projects
/// they take part in), with everything that hangs from them; the organizer and administrators see everything; legal
/// reviewers see nothing by department. Anything else is "not found", by URL and by POST, never data.
/// </summary>
public class DepartmentScopeTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string Transport = "任丘市交通运输局";
    private const string Education = "任丘市教育局";
    private const string Justice = "任丘市司法局";
    private static int _holdings;

    private sealed record Holdings(long Decision, long Consultation, long Opinion, long Questionnaire, long Response,
        string DecisionTitle, string ConsultationTitle);

    private static Definition OneItem() => new([new Section("s1", "评价", null, null,
        [new Question("q1", QuestionTypes.Likert, "《办法》的规定符合法律法规。", Required: true, Criterion: "legality")])]);

    /// <summary>A department's decision with a consultation, an opinion with name and contact, a published questionnaire
    /// and a response.</summary>
    private async Task<Holdings> HoldingsOfAsync(string department)
    {
        var n = Interlocked.Increment(ref _holdings);
        var decisionTitle = $"{department}的决策{n}";
        var consultationTitle = $"{department}的征求意见{n}";
        var decision = await sites.DataSource.DecisionAsync(decisionTitle, department: department);
        var consultation = await sites.ConsultationAsync(decision, title: consultationTitle);
        var submitted = await sites.DataSource.SubmitAsync(sites.PersonalData, new NewOpinion(consultation, Channels.Online,
            RespondentTypes.Citizen, "欧阳部门", Contact.Parse("13912345678"), "chuan", "关于公交线路调整的意见", true), sites.Now);
        var questionnaire = await sites.PublishedQuestionnaireAsync(OneItem(), consultationId: consultation);
        var responses = await sites.DataSource.AddResponsesAsync(questionnaire,
            [("citizen", "chuan", new Dictionary<string, int> { ["q1"] = 2 })]);
        return new(decision, consultation, ((SubmitResult.Accepted)submitted).OpinionId, questionnaire, responses[0],
            decisionTitle, consultationTitle);
    }

    /// <summary>Every page and export that shows something of a decision.</summary>
    private static string[] Reads(Holdings h) =>
    [
        $"/Decisions/Details/{h.Decision}",
        $"/Decisions/Edit/{h.Decision}",
        $"/Consultations/Details/{h.Consultation}",
        $"/Consultations/Edit/{h.Consultation}",
        $"/Consultations/Create?decisionId={h.Decision}",
        $"/Opinions?consultationId={h.Consultation}",
        $"/Opinions/Details/{h.Opinion}",
        $"/Opinions/Export?consultationId={h.Consultation}",
        $"/Opinions/Export?consultationId={h.Consultation}&full=true",
        $"/Questionnaires/Create?consultationId={h.Consultation}",
        $"/Questionnaires/Details/{h.Questionnaire}",
        $"/Questionnaires/Settings/{h.Questionnaire}",
        $"/Questionnaires/Section/{h.Questionnaire}?key=s1",
        $"/Questionnaires/Question/{h.Questionnaire}?key=q1",
        $"/Questionnaires/Question/{h.Questionnaire}?section=s1",
        $"/Questionnaires/Preview/{h.Questionnaire}",
        $"/Questionnaires/Preview/{h.Questionnaire}?version=1",
        $"/Questionnaires/Invitations/{h.Questionnaire}",
        $"/Questionnaires/Export/{h.Questionnaire}?format=csv",
        $"/Questionnaires/Export/{h.Questionnaire}?format=xlsx",
        $"/Questionnaires/Export/{h.Questionnaire}?format=codebook",
        $"/Questionnaires/Response/{h.Response}",
        $"/Findings/consultation/{h.Consultation}",
        $"/Findings/decision/{h.Decision}",
        $"/Findings/Evidence?questionnaireId={h.Questionnaire}&item=q1",
        $"/Findings/Export?scope=consultation&id={h.Consultation}&format=xlsx",
        $"/Findings/Export?scope=consultation&id={h.Consultation}&format=csv",
        $"/Findings/Export?scope=decision&id={h.Decision}&format=xlsx",
    ];

    /// <summary>Every handler that changes something of a decision, with fields it would accept. Ordered so that the
    /// owner's run reaches each handler (the questions are edited before they are deleted).</summary>
    private static (string Url, Dictionary<string, string> Fields)[] Changes(Holdings h) =>
    [
        ($"/Decisions/Edit/{h.Decision}", new() { ["Input.Title"] = "改掉的标题" }),
        ($"/Consultations/Create?decisionId={h.Decision}", new()
        {
            ["Input.Title"] = "越权的征求意见", ["Input.OpensAt"] = "2030-01-01T08:00", ["Input.ClosesAt"] = "2030-02-01T08:00",
        }),
        ($"/Consultations/Edit/{h.Consultation}", new() { ["Input.Title"] = "改掉的征求意见" }),
        ($"/Consultations/Details/{h.Consultation}?handler=Open", new()),
        ($"/Opinions/Details/{h.Opinion}?handler=Reveal", new()),
        ($"/Opinions/Details/{h.Opinion}?handler=InReview", new()),
        ($"/Opinions/Details/{h.Opinion}?handler=Reply", new() { ["ReplyText"] = "越权的答复" }),
        ($"/Opinions/Details/{h.Opinion}?handler=Code", new() { ["Criterion"] = "legality" }),
        ($"/Opinions/Details/{h.Opinion}?handler=Exclude", new() { ["Reason"] = "越权排除" }),
        ($"/Opinions/Details/{h.Opinion}?handler=Lift", new()),
        ($"/Questionnaires/Create?consultationId={h.Consultation}", new() { ["Input.Title"] = "越权的问卷", ["Input.Audience"] = "public" }),
        ($"/Questionnaires/Settings/{h.Questionnaire}", new() { ["Input.Title"] = "改掉的问卷", ["Input.Audience"] = "public" }),
        ($"/Questionnaires/Section/{h.Questionnaire}?key=s1", new() { ["Input.Title"] = "改掉的部分" }),
        ($"/Questionnaires/Question/{h.Questionnaire}?key=q1", new()
        {
            ["Input.Type"] = QuestionTypes.Likert, ["Input.Text"] = "改掉的题目", ["Input.Required"] = "true",
        }),
        ($"/Questionnaires/Question/{h.Questionnaire}?section=s1", new() { ["Input.Type"] = QuestionTypes.ShortText, ["Input.Text"] = "新增的题目" }),
        ($"/Questionnaires/Details/{h.Questionnaire}?handler=AddSection", new()),
        ($"/Questionnaires/Details/{h.Questionnaire}?handler=MoveSection&key=s1&by=1", new()),
        ($"/Questionnaires/Details/{h.Questionnaire}?handler=MoveQuestion&key=q1&by=1", new()),
        ($"/Questionnaires/Details/{h.Questionnaire}?handler=DeleteQuestion&key=q1", new()),
        ($"/Questionnaires/Details/{h.Questionnaire}?handler=DeleteSection&key=s1", new()),
        ($"/Questionnaires/Details/{h.Questionnaire}?handler=Publish", new()),
        ($"/Questionnaires/Details/{h.Questionnaire}?handler=Close", new()),
        ($"/Questionnaires/Details/{h.Questionnaire}?handler=Reopen", new()),
        ($"/Questionnaires/Invitations/{h.Questionnaire}", new() { ["Name"] = "越权邀请的专家", ["Category"] = "expert" }),
        ($"/Questionnaires/Response/{h.Response}?handler=Exclude", new() { ["Reason"] = "越权排除" }),
        ($"/Questionnaires/Response/{h.Response}?handler=Lift", new()),
        ($"/Consultations/Details/{h.Consultation}?handler=Close", new()),
    ];

    /// <summary>Everything the handlers above could change, in one string.</summary>
    private Task<string> StateOfAsync(Holdings h) => sites.DataSource.ScalarAsync<string>(
        """
        select concat_ws(' | ',
            (select title || '/' || department_id from decision where id = @Decision),
            (select count(*) from consultation where decision_id = @Decision),
            (select title || '/' || state || '/' || closes_at || '/' || consultation_data_version(id) from consultation where id = @Consultation),
            (select status || '/' || coalesce(reply, '') from opinion where id = @Opinion),
            (select count(*) from opinion_coding where opinion_id = @Opinion),
            (select count(*) from analysis_exclusion where consultation_id = @Consultation),
            (select count(*) from questionnaire where consultation_id = @Consultation),
            (select title || '/' || state || '/' || has_unpublished || '/' || definition::text from questionnaire where id = @Questionnaire),
            (select count(*) from questionnaire_version where questionnaire_id = @Questionnaire),
            (select count(*) from questionnaire_invitation where questionnaire_id = @Questionnaire))
        """, h);

    /// <summary>What a user did besides signing in: reveals and exports are audited, so none may be there.</summary>
    /// <summary>What the user's requests changed or revealed, as audited: signing in and refused requests (which are
    /// audited as such) do not count.</summary>
    private Task<long> AuditedAsync(string userName) => sites.DataSource.ScalarAsync<long>(
        "select count(*) from audit_log where actor_name = @userName and action not in ('login', 'access_denied')", new { userName });

    [Fact]
    public async Task Staff_of_another_department_get_not_found_for_every_page_and_export_of_a_decision()
    {
        var transport = await HoldingsOfAsync(Transport);
        var (owner, _, _) = await sites.StaffOfAsync(Transport);
        var (other, otherName, _) = await sites.StaffOfAsync(Education);

        // The same addresses open for the decision's own department: the refusals below are about scope, not routes.
        foreach (var url in Reads(transport))
            Assert.True((await owner.GetAsync(url)).StatusCode == HttpStatusCode.OK, $"owner: GET {url}");
        Assert.Equal("欧***", (await owner.GetHtmlAsync($"/Opinions/Details/{transport.Opinion}")).Text("#opinion-name"));

        foreach (var url in Reads(transport))
        {
            var response = await other.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"other department: GET {url} answered {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(transport.DecisionTitle, body);
            Assert.DoesNotContain("欧阳", body);
        }
        Assert.Equal(0L, await AuditedAsync(otherName));
    }

    [Fact]
    public async Task Staff_of_another_department_cannot_change_anything_by_post()
    {
        var transport = await HoldingsOfAsync(Transport);
        var (owner, ownerName, _) = await sites.StaffOfAsync(Transport);
        var (other, otherName, _) = await sites.StaffOfAsync(Education);
        var before = await StateOfAsync(transport);

        foreach (var (url, fields) in Changes(transport))
        {
            var response = await other.PostWithTokenAsync(url, fields);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"other department: POST {url} answered {(int)response.StatusCode}");
            Assert.DoesNotContain("欧阳部门", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(before, await StateOfAsync(transport));
        Assert.Equal(0L, await AuditedAsync(otherName));

        // The decision's own department reaches every one of these handlers.
        foreach (var (url, fields) in Changes(transport))
            Assert.True((await owner.PostWithTokenAsync(url, fields)).StatusCode != HttpStatusCode.NotFound, $"owner: POST {url}");
        Assert.NotEqual(before, await StateOfAsync(transport));
        Assert.True(await AuditedAsync(ownerName) > 0);
    }

    [Fact]
    public async Task Lists_and_the_home_page_show_only_the_decisions_in_scope()
    {
        var transport = await HoldingsOfAsync(Transport);
        var education = await HoldingsOfAsync(Education);
        var (staff, _, _) = await sites.StaffOfAsync(Education);

        var register = (await staff.GetHtmlAsync("/Decisions")).Body!.TextContent;
        Assert.Contains(education.DecisionTitle, register);
        Assert.DoesNotContain(transport.DecisionTitle, register);
        var home = (await staff.GetHtmlAsync("/")).Body!.TextContent;
        Assert.Contains(education.ConsultationTitle, home);
        Assert.DoesNotContain(transport.ConsultationTitle, home);
        var search = (await staff.GetHtmlAsync($"/Decisions?q={Uri.EscapeDataString(transport.DecisionTitle)}")).Body!.TextContent;
        Assert.DoesNotContain(transport.DecisionTitle, search);

        var (organizer, _) = await sites.SignedInAsync("organizer");
        register = (await organizer.GetHtmlAsync("/Decisions")).Body!.TextContent;
        Assert.Contains(education.DecisionTitle, register);
        Assert.Contains(transport.DecisionTitle, register);
        home = (await organizer.GetHtmlAsync("/")).Body!.TextContent;
        Assert.Contains(education.ConsultationTitle, home);
        Assert.Contains(transport.ConsultationTitle, home);
    }

    [Fact]
    public async Task The_organizer_and_administrators_see_every_department()
    {
        var transport = await HoldingsOfAsync(Transport);
        var education = await HoldingsOfAsync(Education);
        foreach (var role in new[] { "organizer", "administrator" })
        {
            var (client, _) = await sites.SignedInAsync(role);
            foreach (var url in Reads(transport).Concat(Reads(education)))
                Assert.True((await client.GetAsync(url)).StatusCode == HttpStatusCode.OK, $"{role}: GET {url}");
        }
    }

    [Fact]
    public async Task A_member_of_a_project_on_another_department_s_decision_sees_that_decision_until_removed()
    {
        var transport = await HoldingsOfAsync(Transport);
        var (member, _, memberId) = await sites.StaffOfAsync(Education);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/Decisions/Details/{transport.Decision}")).StatusCode);

        var project = await sites.DataSource.ScalarAsync<long>(
            """
            insert into evaluation_project (decision_id, title, procedure, scope, agency_department_id)
            values (@Decision, '交通决策后评估', 'standard', 'whole', (select id from department where name = @Transport))
            returning id
            """, new { transport.Decision, Transport });
        var membership = await sites.DataSource.ScalarAsync<long>(
            """
            insert into project_member (project_id, staff_user_id, member_kind, team_role)
            values (@project, @memberId, 'staff', 'member') returning id
            """, new { project, memberId });

        foreach (var url in Reads(transport))
            Assert.True((await member.GetAsync(url)).StatusCode == HttpStatusCode.OK, $"member: GET {url}");
        Assert.Contains(transport.DecisionTitle, (await member.GetHtmlAsync("/Decisions")).Body!.TextContent);

        await sites.DataSource.ScalarAsync<long>("update project_member set removed_at = now() where id = @membership returning id", new { membership });
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/Decisions/Details/{transport.Decision}")).StatusCode);
        Assert.DoesNotContain(transport.DecisionTitle, (await member.GetHtmlAsync("/Decisions")).Body!.TextContent);
    }

    [Fact]
    public async Task The_department_running_the_evaluation_as_agency_sees_the_decision()
    {
        var transport = await HoldingsOfAsync(Transport);
        var (agency, _, _) = await sites.StaffOfAsync(Education);
        await sites.DataSource.ScalarAsync<long>(
            """
            insert into evaluation_project (decision_id, title, procedure, scope, agency_department_id)
            values (@Decision, '委托教育局评估', 'simplified', 'whole', (select id from department where name = @Education))
            returning id
            """, new { transport.Decision, Education });
        Assert.Equal(HttpStatusCode.OK, (await agency.GetAsync($"/Decisions/Details/{transport.Decision}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agency.GetAsync($"/Opinions/Details/{transport.Opinion}")).StatusCode);
    }

    [Fact]
    public async Task Legal_reviewers_read_the_register_of_normative_documents_but_nothing_that_hangs_from_a_decision()
    {
        var justice = await HoldingsOfAsync(Justice);
        var (reviewer, reviewerName, _) = await sites.StaffOfAsync(Justice, "legal_reviewer");

        // Art. 12(2): the justice bureau reads the register of normative documents (issue 23), read-only.
        var register = $"/Decisions/Details/{justice.Decision}";
        Assert.Contains(justice.DecisionTitle, (await reviewer.GetHtmlAsync(register)).Body!.TextContent);
        foreach (var url in Reads(justice).Where(u => u != register))
        {
            // Not found, or (for the pages that change things) the access-denied page: never the data.
            var response = await reviewer.GetAsync(url);
            var refused = response.StatusCode == HttpStatusCode.NotFound || response.RequestMessage!.RequestUri!.AbsolutePath == "/Account/AccessDenied";
            Assert.True(refused, $"legal reviewer: GET {url} answered {(int)response.StatusCode}");
            Assert.DoesNotContain(justice.DecisionTitle, await response.Content.ReadAsStringAsync());
        }
        Assert.Contains(justice.DecisionTitle, (await reviewer.GetHtmlAsync("/Decisions")).Body!.TextContent);
        Assert.DoesNotContain(justice.ConsultationTitle, (await reviewer.GetHtmlAsync("/")).Body!.TextContent);
        Assert.Equal(0L, await AuditedAsync(reviewerName));
    }

    [Fact]
    public async Task An_api_token_reads_only_what_its_user_sees()
    {
        var transport = await HoldingsOfAsync(Transport);
        var education = await HoldingsOfAsync(Education);
        var (staff, _, _) = await sites.StaffOfAsync(Education);
        var issued = await (await staff.SubmitAsync("/Account/ApiTokens", new Dictionary<string, string?> { ["Name"] = "统计软件" })).ReadHtmlAsync();

        var api = sites.Admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Text("#new-token"));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/consultations/{education.Consultation}/findings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/decisions/{education.Decision}/findings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/consultations/{transport.Consultation}/findings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/decisions/{transport.Decision}/findings")).StatusCode);
    }

    [Fact]
    public async Task Nothing_is_created_under_another_department_s_decision_or_consultation()
    {
        var transport = await HoldingsOfAsync(Transport);
        var (other, _, _) = await sites.StaffOfAsync(Education);
        var consultation = await other.PostWithTokenAsync($"/Consultations/Create?decisionId={transport.Decision}", new()
        {
            ["Input.Title"] = "越权的征求意见", ["Input.OpensAt"] = "2030-01-01T08:00", ["Input.ClosesAt"] = "2030-02-01T08:00",
        });
        Assert.Equal(HttpStatusCode.NotFound, consultation.StatusCode);
        var questionnaire = await other.PostWithTokenAsync($"/Questionnaires/Create?consultationId={transport.Consultation}",
            new() { ["Input.Title"] = "越权的问卷", ["Input.Audience"] = "public" });
        Assert.Equal(HttpStatusCode.NotFound, questionnaire.StatusCode);

        // Only this decision's rows: the owner's own run in another test of the class may create ones of the same title.
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from consultation where title = '越权的征求意见' and decision_id = @Decision", new { transport.Decision }));
        Assert.Equal(0L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from questionnaire where title = '越权的问卷' and consultation_id = @Consultation", new { transport.Consultation }));
    }
}
