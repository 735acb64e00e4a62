/**
 * The one catalogue of the server's error codes: code → HTTP status and a message in
 * zh-CN and en. Thrown errors carry a code from here; the error handler turns them into
 * `application/problem+json`. `catalogue.test.ts` checks every code is unique and has a status.
 */
export interface ErrorSpec {
  readonly status: number;
  readonly en: string;
  readonly zh: string;
}

export const ERRORS = {
  // 400 — the request itself cannot be read
  malformed_json: { status: 400, en: 'The request body is not valid JSON.', zh: '请求体不是有效的 JSON。' },
  empty_body: { status: 400, en: 'The request body is empty but JSON was announced.', zh: '声明了 JSON 但请求体为空。' },
  unsupported_media_type: { status: 400, en: 'Send the body as application/json.', zh: '请以 application/json 发送请求体。' },
  body_too_deep: { status: 400, en: 'The request body is nested too deeply.', zh: '请求体嵌套层级过深。' },
  forbidden_key: { status: 400, en: 'The request body contains a forbidden key such as "__proto__".', zh: '请求体包含禁止的键（如 "__proto__"）。' },
  bad_request: { status: 400, en: 'The request cannot be read.', zh: '无法读取该请求。' },
  bad_cursor: { status: 400, en: 'The cursor is not one this server gave out.', zh: '分页游标无效。' },
  // 401 / 403
  unauthenticated: { status: 401, en: 'Sign in first: send "Authorization: Bearer <token>".', zh: '请先登录：发送 "Authorization: Bearer <token>"。' },
  token_invalid: { status: 401, en: 'The token is unknown, expired or revoked; sign in again.', zh: '令牌无效、已过期或已撤销，请重新登录。' },
  login_failed: { status: 401, en: 'Email or password is wrong.', zh: '邮箱或密码错误。' },
  forbidden: { status: 403, en: 'Your role may not do this.', zh: '您的角色无权执行此操作。' },
  not_assignee: { status: 403, en: 'Only the assignee of this task, a branch admin of its branch or an HQ admin may complete it.', zh: '只有任务的负责人、其分支的管理员或总部管理员可以完成该任务。' },
  not_owner: { status: 403, en: 'Only the owner of this record (or a branch admin) may change it.', zh: '只有该记录的负责人（或分支管理员）可以修改。' },
  // 404
  not_found: { status: 404, en: 'There is no such resource.', zh: '资源不存在。' },
  route_not_found: { status: 404, en: 'There is no such API route.', zh: '没有这个 API 路径。' },
  org_not_found: { status: 404, en: 'There is no such org (or it is not yours).', zh: '组织不存在（或不属于您）。' },
  user_not_found: { status: 404, en: 'There is no such user (or it is not in your orgs).', zh: '用户不存在（或不在您的组织内）。' },
  template_not_found: { status: 404, en: 'There is no such template or template version.', zh: '模板或模板版本不存在。' },
  definition_not_found: { status: 404, en: 'There is no such definition (or it is not in your orgs).', zh: '定义不存在（或不在您的组织内）。' },
  record_not_found: { status: 404, en: 'There is no such record (or it is not in your orgs).', zh: '记录不存在（或不在您的组织内）。' },
  run_not_found: { status: 404, en: 'There is no such workflow run (or it is not in your orgs).', zh: '流程运行不存在（或不在您的组织内）。' },
  task_not_found: { status: 404, en: 'There is no such task (or it is not in your orgs).', zh: '任务不存在（或不在您的组织内）。' },
  set_aside_not_found: { status: 404, en: 'This definition has no set-aside change at that position.', zh: '该定义在此位置没有暂存的修改。' },
  change_request_not_found: { status: 404, en: 'This definition has no pending change request.', zh: '该定义没有待审批的变更申请。' },
  // 405 / 409 / 412 / 413 / 415 / 422 / 429
  method_not_allowed: { status: 405, en: 'This method is not allowed here.', zh: '此处不允许该方法。' },
  conflict: { status: 409, en: 'This conflicts with the current state.', zh: '与当前状态冲突。' },
  already_exists: { status: 409, en: 'It already exists.', zh: '已存在。' },
  email_taken: { status: 409, en: 'A user with this email exists.', zh: '该邮箱已被使用。' },
  org_exists: { status: 409, en: 'An org with this id exists.', zh: '该组织代码已存在。' },
  not_a_form: { status: 409, en: 'Records can only be submitted to a form definition.', zh: '只能向表单定义提交记录。' },
  not_a_workflow: { status: 409, en: 'Only a workflow can be switched on or off; forms and other definitions cannot.', zh: '只有流程可以启用或停用；表单等其他定义不可以。' },
  mandatory_workflow: { status: 409, en: 'HQ made this workflow mandatory: it runs in every branch and cannot be switched off; see errors.', zh: '总部规定该流程为强制流程：它在每个分支运行，不能停用，见 errors。' },
  not_published: { status: 409, en: 'This definition has no published version yet; publish it first.', zh: '该定义尚未发布，请先发布。' },
  not_manual_workflow: { status: 409, en: 'Only a workflow whose trigger is manual can be started by hand; this one starts on its own trigger.', zh: '只有触发方式为手动的流程可以手动启动；该定义由其自身的触发条件启动。' },
  workflow_inactive: { status: 409, en: 'This workflow is switched off; switch it on to start runs of it.', zh: '该流程已停用；请先启用再启动运行。' },
  trigger_not_matched: { status: 409, en: "The workflow's trigger condition (when) is not met, so no run was started.", zh: '流程的触发条件（when）不满足，未启动运行。' },
  nothing_to_publish: { status: 409, en: 'The draft is already the published version.', zh: '草稿已是发布版本，无需发布。' },
  pending_approval: { status: 409, en: 'A change request for this definition is already waiting for approval.', zh: '该定义已有待审批的变更申请。' },
  task_not_open: { status: 409, en: 'The task is no longer open.', zh: '该任务已不再处于待办状态。' },
  upgrade_conflicts: { status: 409, en: 'The upgrade has conflicts; resolve them or force after the deadline.', zh: '升级存在冲突；请解决冲突，或在截止日期后强制升级。' },
  stale_revision: { status: 412, en: 'The record changed since you read it; reload and try again.', zh: '记录在您读取后已被修改，请刷新后重试。' },
  payload_too_large: { status: 413, en: 'The request body is too large.', zh: '请求体过大。' },
  validation_failed: { status: 422, en: 'The request has problems; see errors.', zh: '请求存在问题，见 errors。' },
  definition_invalid: { status: 422, en: 'The definition has problems; see errors.', zh: '定义存在问题，见 errors。' },
  set_aside_does_not_fit: { status: 422, en: 'The set-aside change no longer fits the definition; see errors.', zh: '暂存的修改已不适用于该定义，见 errors。' },
  locked_element: { status: 422, en: 'The change touches elements HQ locked; see errors.', zh: '修改涉及总部锁定的元素，见 errors。' },
  record_invalid: { status: 422, en: 'The record has problems; see errors.', zh: '记录存在问题，见 errors。' },
  rate_limited: { status: 429, en: 'Too many attempts; wait a moment and try again.', zh: '尝试次数过多，请稍后再试。' },
  // 5xx — never for anything a client can send
  internal: { status: 500, en: 'Something went wrong on the server; it has been logged.', zh: '服务器内部错误，已记录。' },
  unavailable: { status: 503, en: 'The server is shutting down or not ready.', zh: '服务器正在关闭或尚未就绪。' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];
