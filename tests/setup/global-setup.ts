import postgres from "postgres";
import { openDatabase } from "../../app/db/open.server";
import { TEMPLATE_DATABASE, withDatabase } from "../support/postgres-url";

/**
 * With TEST_DATABASE_URL set, migrates a template database once; each test file then gets its
 * own copy (CREATE DATABASE … TEMPLATE), so files run in parallel without seeing each other.
 */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await admin.unsafe(`create database ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const template = await openDatabase({ url: withDatabase(url, TEMPLATE_DATABASE), maxConnections: 1 });
  await template.close();
}
