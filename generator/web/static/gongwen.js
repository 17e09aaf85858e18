// A little progressive enhancement; every page works without it (forms post, pages reload).
"use strict";

function csrf() {
  return document.body.dataset.csrf;
}

// The server is the clerk's own gongwen: when it stops (its window closed, Ctrl+C), say so at once
// instead of leaving a page that waits forever.
let serverGone = false;
function noticeServerGone() {
  if (serverGone) return;
  serverGone = true;
  const banner = document.getElementById("server-gone");
  if (banner) banner.hidden = false;
  for (const button of document.querySelectorAll("button")) button.disabled = true;
}
function noticeServerBack() {
  if (!serverGone) return;
  serverGone = false;
  window.location.reload();
}
function heartbeat() {
  fetch("/alive", { headers: { Accept: "application/json" }, cache: "no-store" })
    .then((r) => (r.ok ? noticeServerBack() : noticeServerGone()))
    .catch(noticeServerGone)
    .finally(() => setTimeout(heartbeat, serverGone ? 3000 : 5000));
}

function say(text, kind) {
  const box = document.getElementById("busy");
  if (!box) return window.alert(text);
  box.hidden = !text;
  box.textContent = text;
  box.className = kind || "warning";
}

// 生成: start the build without leaving the page, then follow its progress until it ends.
function followBuild() {
  const form = document.getElementById("build-form");
  const box = document.getElementById("progress");
  if (!form || !box) return;
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  const button = document.getElementById("build");

  function poll() {
    fetch("/build/status", { headers: { Accept: "application/json" }, cache: "no-store" })
      .then((r) => r.json())
      .then((s) => {
        box.hidden = false;
        bar.max = Math.max(s.total, 1);
        bar.value = s.done;
        text.textContent = s.total ? `正在生成 ${s.done} / ${s.total}` : "正在读取数据、检查模板……";
        if (s.finished) {
          bar.value = bar.max;
          text.textContent = s.failed ? "没有生成，正在显示原因……" : `已完成 ${s.done} / ${s.total}`;
          setTimeout(() => window.location.reload(), 700); // long enough to read that it ended
        } else {
          setTimeout(poll, 400);
        }
      })
      .catch(() => {
        text.textContent = "gongwen 已停止运行，生成没有完成";
        noticeServerGone();
      });
  }

  form.addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.id === "dry-run") return; // 预演 is an ordinary page
    event.preventDefault();
    if (button.disabled) return; // a double click starts one build
    button.disabled = true;
    fetch("/build/start", {
      method: "POST",
      headers: { Accept: "application/json", "X-CSRF-Token": csrf() },
      body: new FormData(form),
    })
      .then((r) => r.json())
      .then((s) => {
        if (s.started) {
          poll();
        } else {
          say(s.busy);
          button.disabled = false;
        }
      })
      .catch(noticeServerGone);
  });
  if (!box.hidden) poll(); // a build was already running when the page opened
}

// 生成: a 预演 the clerk went back from runs on; when it ends, its answer is linked where its
// progress was, and the buttons it held are free again.
function followDryRun() {
  const box = document.getElementById("dry-run-task");
  if (!box || !box.dataset.running) return;
  const text = box.querySelector(".dry-run-text");
  const link = box.querySelector("a");
  const poll = () =>
    fetch(`/tasks/${box.dataset.task}`, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then((r) => r.json())
      .then((t) => {
        if (!t.finished) {
          text.textContent = `预演正在后台进行${t.total ? ` ${t.done} / ${t.total}` : ""}，已用 ${t.seconds} 秒；完成后在这里查看结果。`;
          setTimeout(poll, 1000);
          return;
        }
        delete box.dataset.running;
        text.textContent = t.failed ? "预演没有完成。" : `预演已完成（用时 ${t.took}）。`;
        link.textContent = t.failed ? "查看原因" : "查看预演结果";
        link.href = `/build?dry_run=${t.id}#plan`;
        say("");
        const build = document.getElementById("build");
        if (build) build.disabled = false;
      })
      .catch(noticeServerGone);
  poll();
}

// Print bundles, PDFs, the forms zip: started in the background, followed beside their button,
// the file downloaded when it is ready. A second click while it runs does nothing.
function followTasks() {
  for (const form of document.querySelectorAll("form.task-form")) {
    const button = form.querySelector("button[type=submit]");
    const label = button.textContent;
    const status = document.createElement("span");
    status.className = "task-status hint";
    form.appendChild(status);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      button.textContent = "正在处理……";
      const done = (text, kind) => {
        button.disabled = false;
        button.textContent = label;
        status.textContent = text;
        status.className = `task-status ${kind}`;
      };
      const follow = (id) =>
        fetch(`/tasks/${id}`, { headers: { Accept: "application/json" }, cache: "no-store" })
          .then((r) => r.json())
          .then((t) => {
            if (!t.finished) {
              status.textContent = `正在${t.what}${t.total ? ` ${t.done} / ${t.total}` : ""}，已用 ${t.seconds} 秒……`;
              setTimeout(() => follow(id), 1000);
            } else if (t.failed) {
              done(t.errors.join("；"), "error");
            } else {
              done(`已完成（${t.took}）${t.download ? "，正在下载" : ""}`, "ok");
              if (t.download) window.location.href = t.download;
              else setTimeout(() => window.location.reload(), 800);
            }
          })
          .catch(() => {
            done("gongwen 已停止运行，没有完成", "error");
            noticeServerGone();
          });
      fetch(form.action, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRF-Token": csrf() },
        body: new FormData(form),
      })
        .then((r) => r.json())
        .then((t) => (t.started ? follow(t.id) : done(t.busy, "warning")))
        .catch(() => {
          done("gongwen 已停止运行，没有完成", "error");
          noticeServerGone();
        });
    });
  }
}

// A task's own page (without script it refreshes itself): follow it and fetch its file at the end.
function followTaskPage() {
  const box = document.getElementById("task");
  const text = document.getElementById("task-text");
  if (!box || !text) return;
  const poll = () =>
    fetch(`/tasks/${box.dataset.task}`, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then((r) => r.json())
      .then((t) => {
        if (t.finished) return window.location.reload(); // a 预演's page then sends the browser to its answer
        text.textContent = `正在${t.what}${t.total ? ` ${t.done} / ${t.total}` : ""}，已用 ${t.seconds} 秒……`;
        setTimeout(poll, 1000);
      })
      .catch(noticeServerGone);
  poll();
}

// 模板: filter the variable catalog as the clerk types.
function searchVariables() {
  const input = document.getElementById("variable-search");
  const table = document.getElementById("variables");
  if (!input || !table) return;
  input.addEventListener("input", () => {
    const words = input.value.trim().toLowerCase();
    for (const row of table.querySelectorAll("tr:not(:first-child)")) {
      row.hidden = words !== "" && !row.textContent.toLowerCase().includes(words);
    }
  });
}

// Long steps (check, upload, merge): say that the page is working, and stop a second click.
function busyButtons() {
  for (const form of document.querySelectorAll("form:not(#build-form):not(.task-form)")) {
    if (form.method.toLowerCase() !== "post") continue;
    form.addEventListener("submit", (event) => {
      const button = event.submitter || form.querySelector("button[type=submit]");
      if (form.dataset.sent) {
        event.preventDefault(); // the first click is on its way
        return;
      }
      form.dataset.sent = "1";
      if (button) {
        button.dataset.label = button.textContent;
        button.textContent = "正在处理……";
        setTimeout(() => (button.disabled = true), 0); // after the submit has taken the button's value
      }
    });
  }
  // Back to a page the browser kept: its buttons are usable again, not frozen at 正在处理.
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    document.body.dataset.restored = "1"; // the browser kept the page (tested: the branch that matters ran)
    for (const form of document.querySelectorAll("form[data-sent]")) delete form.dataset.sent;
    for (const button of document.querySelectorAll("button[data-label]")) {
      button.textContent = button.dataset.label;
      button.disabled = false;
    }
  });
}

// 台账: a click in a 催报 box selects all of it, ready to copy.
function selectReminders() {
  for (const box of document.querySelectorAll("textarea.reminder")) box.addEventListener("focus", () => box.select());
}

// 生成: a page-1 picture is drawn in the background on first request; ask again until it is there,
// and say how many of them are drawn (正在画缩略图 N / M) while they are.
function retryThumbnails() {
  const pictures = document.querySelectorAll("img[data-thumbnail]");
  for (const img of pictures) {
    let tries = 0;
    const again = () => {
      if (++tries <= 90) setTimeout(() => (img.src = `${img.dataset.thumbnail}?try=${tries}`), 2000);
    };
    img.addEventListener("error", again);
    if (img.complete && img.naturalWidth === 0) again(); // it failed before this script ran
  }
  const box = document.getElementById("thumbnails-progress");
  if (!box || pictures.length === 0) return;
  const bar = document.getElementById("thumbnails-bar");
  const text = document.getElementById("thumbnails-text");
  const waiting = () => Array.from(pictures).some((img) => img.naturalWidth === 0);
  const poll = () =>
    fetch("/thumbnail-progress", { headers: { Accept: "application/json" }, cache: "no-store" })
      .then((r) => r.json())
      .then((t) => {
        box.hidden = !t.drawing;
        bar.max = Math.max(t.total, 1);
        bar.value = t.done;
        text.textContent = t.drawing
          ? `正在画第 1 页缩略图 ${t.done} / ${t.total}，已用 ${t.seconds} 秒……`
          : `缩略图已画好 ${t.done} / ${t.total}（${t.took}）`;
        if (t.drawing) setTimeout(poll, 1000);
        else if (waiting()) setTimeout(poll, 3000); // pictures further down are asked for as the clerk scrolls
      })
      .catch(() => {});
  poll();
}

// Say which files were chosen, in the picker's own words; files over the upload limit are not sent
// (the server would refuse them only after the browser had sent them all, or break the connection).
function namePickedFiles() {
  const limit = Number(document.body.dataset.maxUpload || 0);
  for (const input of document.querySelectorAll(".file-picker input")) {
    input.addEventListener("change", () => {
      const names = Array.from(input.files, (f) => f.name);
      if (!input.dataset.prompt) input.dataset.prompt = input.nextElementSibling.textContent;
      input.nextElementSibling.textContent = names.length
        ? `已选 ${names.length} 个：${names.join("、")}`
        : input.dataset.prompt;
      const total = Array.from(input.files).reduce((sum, f) => sum + f.size, 0);
      const tooLarge = limit > 0 && total > limit;
      input.setCustomValidity(
        tooLarge
          ? `选的文件共 ${Math.ceil(total / 2 ** 20)} MB，超过一次上传的上限 ${Math.floor(limit / 2 ** 20)} MB，未上传；请分几次上传，或选对文件`
          : "",
      );
      if (tooLarge) input.reportValidity();
    });
  }
}

// A file dropped anywhere but on a file box makes the browser open it in place of the page: what was
// chosen or typed is lost. Only a file box takes a drop; elsewhere the pointer says no.
function keepDropsInFileBoxes() {
  const onFileBox = (event) => event.target instanceof HTMLInputElement && event.target.type === "file";
  document.addEventListener("dragover", (event) => {
    if (onFileBox(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "none";
  });
  document.addEventListener("drop", (event) => {
    if (!onFileBox(event)) event.preventDefault();
  });
}

// Every form says which workspace its page showed: a tab left open after another tab switched
// workspaces is refused, instead of building or merging in the workspace it does not show.
function nameTheWorkspaceShown() {
  for (const form of document.querySelectorAll("form[method=post]")) {
    const shown = document.createElement("input");
    shown.type = "hidden";
    shown.name = "workspace_shown";
    shown.value = document.body.dataset.workspace || "";
    form.appendChild(shown);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  nameTheWorkspaceShown();
  keepDropsInFileBoxes();
  namePickedFiles();
  followBuild();
  followDryRun();
  followTasks();
  followTaskPage();
  selectReminders();
  heartbeat();
  retryThumbnails();
  searchVariables();
  busyButtons();
});
